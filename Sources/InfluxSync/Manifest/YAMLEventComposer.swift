import CYaml

/// Composes the documents of a YAML text straight from libyaml's events (through the YAML
/// library's C layer) into `YAMLNode`s: the fast path of `YAMLDocumentParser`.
///
/// It handles the documents manifests are made of — scalars, mappings and sequences, anchors
/// that are never used — and gives up on a document as soon as it needs more: a syntax error,
/// an alias, a mapping with two keys of the same text, a key that is not a scalar, nesting
/// deeper than the depth cap. The caller then parses the text again with the Yams parser,
/// which reports those exactly as before (`YAMLDocumentParser`), skipping the documents this
/// composer handed out already. Giving up early is always safe: it only costs a second parse.
///
/// Yams composes the same documents, but builds a tag object per node, hashes every
/// mapping's keys to look for duplicates and keeps anchors as weak references; on a
/// 10,000-task file that was four times the cost of libyaml's own parse.
struct YAMLEventComposer {
    /// How composing the text ended.
    enum Outcome: Equatable {
        /// Every document was handed out.
        case finished
        /// The document at this index (0-based; the ones before it were handed out) needs the
        /// Yams parser.
        case needsParser(documentIndex: Int)
    }

    /// Deepest nesting accepted, counted as `AliasExpansionCheck` counts it (the root at 1).
    let maxDepth: Int

    /// Composes each document of `text` and hands its root to `document`, in order.
    func compose(_ text: String, document: (YAMLNode) -> Void) -> Outcome {
        var text = text
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable { bytes in
            compose(bytes, document: document)
        } ?? .needsParser(documentIndex: 0)
    }

    private func compose(_ bytes: UnsafeBufferPointer<UInt8>, document: (YAMLNode) -> Void) -> Outcome {
        guard var events = EventReader(bytes) else { return .needsParser(documentIndex: 0) }
        var index = 0
        guard events.next() == YAML_STREAM_START_EVENT else { return .needsParser(documentIndex: 0) }
        while true {
            guard let type = events.next() else { return .needsParser(documentIndex: index) }
            if type == YAML_STREAM_END_EVENT { return .finished }
            // DOCUMENT_START, the root, DOCUMENT_END.
            guard type == YAML_DOCUMENT_START_EVENT, events.next() != nil,
                let root = composeNode(&events, depth: 1),
                events.next() == YAML_DOCUMENT_END_EVENT
            else { return .needsParser(documentIndex: index) }
            document(root)
            index += 1
        }
    }

    /// The node starting with the event just read; nil to give up.
    private func composeNode(_ events: inout EventReader, depth: Int) -> YAMLNode? {
        guard depth <= maxDepth else { return nil }
        let event = events.event.pointee
        let mark = YAMLNode.Mark(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
        switch event.type {
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let value = String(decoding: UnsafeBufferPointer(start: scalar.value, count: Int(scalar.length)), as: UTF8.self)
            return .scalar(YAMLNode.Scalar(string: value, styleRawValue: scalar.style.rawValue, mark: mark))
        case YAML_SEQUENCE_START_EVENT:
            var items: [YAMLNode] = []
            while true {
                guard let type = events.next() else { return nil }
                if type == YAML_SEQUENCE_END_EVENT { break }
                guard let item = composeNode(&events, depth: depth + 1) else { return nil }
                items.append(item)
            }
            return .sequence(YAMLNode.Sequence(items: items, mark: mark))
        case YAML_MAPPING_START_EVENT:
            var pairs: [(key: YAMLNode, value: YAMLNode)] = []
            while true {
                guard let type = events.next() else { return nil }
                if type == YAML_MAPPING_END_EVENT { break }
                guard let key = composeNode(&events, depth: depth + 1), key.scalar != nil,
                    events.next() != nil, let value = composeNode(&events, depth: depth + 1)
                else { return nil }
                pairs.append((key, value))
            }
            guard !Self.hasRepeatedKey(pairs) else { return nil }
            return .mapping(YAMLNode.Mapping(pairs: pairs, mark: mark))
        default:
            // An alias (or an event out of place): the Yams parser's business.
            return nil
        }
    }

    /// True when two keys have the same text (Yams decides whether they are duplicates, and
    /// how to report them).
    static func hasRepeatedKey(_ pairs: [(key: YAMLNode, value: YAMLNode)]) -> Bool {
        if pairs.count < 2 { return false }
        if pairs.count <= 16 {
            for i in 1..<pairs.count {
                let key = pairs[i].key.string
                for j in 0..<i where pairs[j].key.string == key { return true }
            }
            return false
        }
        var seen = Set<String>(minimumCapacity: pairs.count)
        for pair in pairs where !seen.insert(pair.key.string ?? "").inserted { return true }
        return false
    }

    /// libyaml's parser over one text and the event it produced last (deleted when the next
    /// is read). The text must outlive the reader. A non-copyable value passed `inout`, its
    /// parser and event behind pointers libyaml writes in place: none of the run-time access
    /// checks a class's stored properties cost on every event.
    private struct EventReader: ~Copyable {
        private let parser: UnsafeMutablePointer<yaml_parser_t>
        /// The event read last.
        let event: UnsafeMutablePointer<yaml_event_t>
        private var holdsEvent = false

        /// A reader of `bytes`; nil when libyaml cannot start a parser (nothing is then
        /// left allocated: the reader is only made once its parser exists).
        init?(_ bytes: UnsafeBufferPointer<UInt8>) {
            let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
            guard yaml_parser_initialize(parser) == 1 else {
                parser.deallocate()
                return nil
            }
            yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(parser, bytes.baseAddress, bytes.count)
            self.parser = parser
            event = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)
            event.initialize(to: yaml_event_t())
        }

        deinit {
            if holdsEvent { yaml_event_delete(event) }
            yaml_parser_delete(parser)
            parser.deallocate()
            event.deallocate()
        }

        /// Reads the next event; its type, or nil after a syntax error.
        mutating func next() -> yaml_event_type_t? {
            if holdsEvent {
                yaml_event_delete(event)
                holdsEvent = false
            }
            guard yaml_parser_parse(parser, event) == 1 else { return nil }
            holdsEvent = true
            return event.pointee.type
        }
    }
}
