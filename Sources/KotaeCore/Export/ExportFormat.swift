import Foundation

public enum ExportFormat: String, Sendable, CaseIterable {
    case json
    case markdown
    case csv

    public var fileExtension: String {
        switch self {
        case .json: return "json"
        case .markdown: return "md"
        case .csv: return "csv"
        }
    }

    public func render(_ submission: Submission, exportedAt: Timestamp) -> Data {
        switch self {
        case .json: return JSONExporter.render(submission, exportedAt: exportedAt)
        case .markdown: return Data(MarkdownExporter.render(submission, exportedAt: exportedAt).utf8)
        case .csv: return CSVExporter.render(submission)
        }
    }
}

public enum Exporter {
    /// Writes an export atomically with mode 0600. Refuses a folder, a symbolic link (it could
    /// point anywhere) or a missing folder, and leaves no partial file behind.
    public static func write(_ data: Data, to path: String) throws {
        var info = stat()
        if lstat(path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFDIR: throw KotaeError.exportTarget(path: path, problem: .isFolder)
            case S_IFLNK: throw KotaeError.exportTarget(path: path, problem: .isSymbolicLink)
            case S_IFREG: break
            default: throw KotaeError.exportTarget(path: path, problem: .notRegularFile)
            }
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var folderInfo = stat()
        guard stat(folder, &folderInfo) == 0, folderInfo.st_mode & S_IFMT == S_IFDIR else {
            throw KotaeError.exportTarget(path: path, problem: .missingFolder(folder))
        }
        FileSystem.removeLeftoverTemporaryFiles(in: folder)
        do {
            try FileSystem.writeAtomically(data, to: path)
        } catch KotaeError.writeFailed(_, let reason) {
            throw KotaeError.exportTarget(path: path, problem: .writeFailed(reason))
        }
    }
}
