import Foundation
import Testing
@testable import KotaeCore

/// Reading files with the C library (`FileSystem.read`, `fileNames`), which every start does for
/// the definitions, the draft and its lock.
@Suite struct FileSystemTests {
    /// Whatever its size, a file comes back byte for byte: sizes either side of the room the
    /// first read has (the size, one byte more, at least 4 KB) and of its doubling.
    @Test(arguments: [0, 1, 4095, 4096, 4097, 8193, 70_000])
    func aFileIsReadWhole(size: Int) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let bytes = Data((0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) })
        let path = folder.path + "/file"
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect(try FileSystem.read(path) == bytes)
    }

    /// A file the kernel gives no size for is read to its end, however long: /proc's are.
    @Test func aFileWithoutASizeIsReadToItsEnd() throws {
        let maps = try #require(FileSystem.text("/proc/self/maps"))
        #expect(maps.utf8.count > 4096, "a test process maps more than one read's room")
        #expect(maps.hasSuffix("\n"))
        #expect(maps.split(separator: "\n").allSatisfy { $0.contains("-") })
    }

    @Test func whyAFileCannotBeReadIsSaid() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        #expect(throws: KotaeError.unreadableFile(path: folder.path + "/none", reason: "no such file or directory")) {
            try FileSystem.read(folder.path + "/none")
        }
        #expect(throws: KotaeError.unreadableFile(path: folder.path, reason: "is a directory")) {
            try FileSystem.read(folder.path)
        }
        #expect(FileSystem.text(folder.path + "/none") == nil)
    }

    @Test func aPathIsItsFolderAndName() {
        #expect(FileSystem.folderAndName(of: "/home/花子/drafts/下書き.json") == ("/home/花子/drafts", "下書き.json"))
        #expect(FileSystem.folderAndName(of: "drafts/a.json") == ("drafts", "a.json"))
        #expect(FileSystem.folderAndName(of: "a.json") == (".", "a.json"))
        #expect(FileSystem.folderAndName(of: "/a.json") == ("/", "a.json"))
    }

    /// Written through a temporary file in the same folder, wherever the path points.
    @Test func aFileIsWrittenWholeInItsFolder() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path + "/回答.json"
        try FileSystem.writeAtomically(Data("一".utf8), to: path)
        try FileSystem.writeAtomically(Data("二".utf8), to: path, durable: false)
        FileSystem.syncFile(path)
        #expect(try FileSystem.read(path) == Data("二".utf8))
        #expect(FileSystem.fileNames(in: folder.path) == ["回答.json"])
    }

    @Test func aFoldersEntriesAreListedAndAMissingFolderHasNone() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for name in ["a.yaml", ".hidden", "下書き.json"] {
            try Data().write(to: URL(fileURLWithPath: folder.path + "/" + name))
        }
        try FileManager.default.createDirectory(atPath: folder.path + "/sub", withIntermediateDirectories: false)
        #expect(FileSystem.fileNames(in: folder.path).sorted() == [".hidden", "a.yaml", "sub", "下書き.json"])
        #expect(FileSystem.fileNames(in: folder.path + "/none").isEmpty)
    }
}
