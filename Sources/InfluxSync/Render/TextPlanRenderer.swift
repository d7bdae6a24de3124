/// Renders a plan as human-readable text (issue 2 §5).
public enum TextPlanRenderer {
    /// One block per changed resource (`+` create, `~` update, `-` delete; adopt and would-prune
    /// marked), field changes as `old → new`, Flux diffs, then the closing line
    /// `Plan: N to add, N to change, N to destroy.` or
    /// `No changes. Live state matches the manifests.` ANSI colour only when `color` is true.
    public static func render(_ plan: Plan, color: Bool = false) -> String {
        fatalError("TextPlanRenderer.render is not implemented yet")
    }
}
