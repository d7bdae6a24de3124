import Foundation

/// Parses a large YAML source on one thread while its documents are read on the calling one:
/// libyaml and the document readers each take about half of a load, so on two cores a
/// 10,000-task file loads in little more than the time of the slower half.
///
/// The order and the result are exactly those of parsing and reading one after the other:
/// documents are read one at a time, in the order parsed, on the calling thread, and a
/// document's nodes are handed over only once the parser is done with them (aliases are
/// checked first; YAML anchors do not reach across documents).
enum DocumentHandoff {
    /// Sources smaller than this are parsed and read on the calling thread (a thread costs more).
    static let minimumBytes = 256 * 1024
    /// Documents handed over at a time.
    static let batchSize = 8

    /// `YAMLDocumentParser.parse(source, limits:document:)` with `read` called for each
    /// document root, on the calling thread, in order.
    static func parse(
        _ source: ManifestText, limits: ManifestLimits, read: (YAMLNode, MarkMapper) -> Void
    ) -> (diagnostics: [Diagnostic], marks: MarkMapper) {
        guard source.text.utf8.count >= minimumBytes else {
            return YAMLDocumentParser.parse(source, limits: limits, document: read)
        }
        // Documents travel in batches: one lock round trip per document made the two threads
        // spend as much time waking each other as working. The parser is about four times as
        // fast as the reader: with room for 64 batches (512 documents, a few MiB) it runs ahead
        // instead of sleeping and being woken for every batch the reader takes (a queue of 2
        // batches: load 0.32 s; of 64: 0.29 s, medians at 10,000 tasks).
        let queue = HandoffQueue(capacity: 64)
        Thread.detachNewThread {
            var batch: [(YAMLNode, MarkMapper)] = []
            batch.reserveCapacity(batchSize)
            let result = YAMLDocumentParser.parse(source, limits: limits) { root, marks in
                batch.append((root, marks))
                if batch.count == batchSize {
                    queue.put(.documents(batch))
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { queue.put(.documents(batch)) }
            queue.put(.end(result.diagnostics, result.marks))
        }
        while true {
            switch queue.take() {
            case .documents(let batch): for (root, marks) in batch { read(root, marks) }
            case .end(let diagnostics, let marks): return (diagnostics, marks)
            }
        }
    }
}

/// A bounded first-in first-out queue between one producer and one consumer thread.
private final class HandoffQueue: @unchecked Sendable {
    enum Item {
        case documents([(YAMLNode, MarkMapper)])
        case end([Diagnostic], MarkMapper)
    }

    private let condition = NSCondition()
    private var items: [Item] = []
    private var head = 0
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Adds `item`, waiting while the queue is full.
    func put(_ item: Item) {
        condition.lock()
        while items.count - head >= capacity { condition.wait() }
        items.append(item)
        condition.broadcast()
        condition.unlock()
    }

    /// Removes the oldest item, waiting while the queue is empty.
    func take() -> Item {
        condition.lock()
        while head == items.count { condition.wait() }
        let item = items[head]
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        }
        condition.broadcast()
        condition.unlock()
        return item
    }
}
