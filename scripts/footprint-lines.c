// Helper of scripts/footprint: reads valgrind lackey's --trace-mem=yes output on stdin and
// splits it into windows at each execution of one instruction address (the program's `write`),
// read from a file once the program is ready to type. For each window it writes to the output
// file: the instruction count, the number of distinct 64-byte instruction lines and data lines,
// the instruction lines, the data lines, and for each data line the instruction that touched
// it first. Everything before the address is known is skipped (the program's start). Lines after
// the address in the marker file name address ranges ("start end", hexadecimal) of copying
// functions (memmove and the like): a line such a function touches is charged to the instruction
// that called it, which says whose copy it was.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CAPACITY (1 << 22)

typedef struct {
    uint64_t *slots, *lines, *first;
    size_t count;
} LineSet;

static uint64_t current;

#define MAX_COPYING 64
static uint64_t copyingStart[MAX_COPYING], copyingEnd[MAX_COPYING];
static int copyingCount;

static int inCopying(uint64_t address) {
    for (int i = 0; i < copyingCount; i++)
        if (address >= copyingStart[i] && address < copyingEnd[i]) return 1;
    return 0;
}

static void make(LineSet *set) {
    set->slots = calloc(CAPACITY, 8);
    set->lines = malloc(CAPACITY * 8);
    set->first = malloc(CAPACITY * 8);
    set->count = 0;
}

static void add(LineSet *set, uint64_t line) {
    uint64_t key = line + 1, slot = (key * 0x9E3779B97F4A7C15ull) >> 42;
    while (set->slots[slot]) {
        if (set->slots[slot] == key) return;
        slot = (slot + 1) & (CAPACITY - 1);
    }
    set->slots[slot] = key;
    set->first[set->count] = current;
    set->lines[set->count++] = line;
}

static void touch(LineSet *set, uint64_t address, unsigned size) {
    add(set, address >> 6);
    if (((address + size - 1) >> 6) != (address >> 6)) add(set, (address + size - 1) >> 6);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: footprint-lines MARKER-FILE OUTPUT < lackey-trace\n");
        return 2;
    }
    FILE *out = fopen(argv[2], "wb");
    if (!out) { perror(argv[2]); return 1; }
    uint64_t marker = 0, instructions = 0;
    int armed = 0;
    long read = 0;
    LineSet code, data;
    make(&code);
    make(&data);
    char line[256];
    while (fgets(line, sizeof line, stdin)) {
        if (!armed && (++read & 0xFFFFF) == 0) {
            FILE *file = fopen(argv[1], "r");
            if (file) {
                armed = fscanf(file, "%lx", &marker) == 1;
                while (armed && copyingCount < MAX_COPYING
                       && fscanf(file, "%lx %lx", &copyingStart[copyingCount], &copyingEnd[copyingCount]) == 2)
                    copyingCount++;
                fclose(file);
            }
        }
        int isCode = line[0] == 'I';
        int isData = line[0] == ' ' && (line[1] == 'L' || line[1] == 'S' || line[1] == 'M');
        if (!armed || !(isCode || isData)) continue;
        char *end;
        uint64_t address = strtoull(line + 3, &end, 16);
        unsigned size = *end == ',' ? (unsigned)strtoul(end + 1, NULL, 10) : 1;
        if (isData) {
            touch(&data, address, size);
            continue;
        }
        if (address == marker) {
            uint64_t header[3] = {instructions, code.count, data.count};
            fwrite(header, 8, 3, out);
            fwrite(code.lines, 8, code.count, out);
            fwrite(data.lines, 8, data.count, out);
            fwrite(data.first, 8, data.count, out);
            memset(code.slots, 0, CAPACITY * 8);
            memset(data.slots, 0, CAPACITY * 8);
            code.count = data.count = 0;
            instructions = 0;
        }
        instructions++;
        if (!inCopying(address)) current = address;
        touch(&code, address, size);
    }
    fclose(out);
    return 0;
}
