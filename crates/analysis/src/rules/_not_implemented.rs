//! Rules of other linters that Layerlab does not implement, and why.

/// (tool, code or check name, reason).
pub static NOT_IMPLEMENTED: &[(&str, &str, &str)] = &[
    ("hadolint", "DL1001", "Refraining from inline ignore pragmas is a matter of taste; Layerlab honours them instead."),
    ("hadolint", "DL3026", "Needs a list of allowed registries (project configuration), which Layerlab does not have yet."),
    ("hadolint", "DL3049, DL3050, DL3051, DL3052, DL3053, DL3054, DL3055, DL3056, DL3058", "Label-schema rules: they check the labels a project's label schema (configuration) requires."),
    ("hadolint", "DL3057", "A missing HEALTHCHECK: hadolint itself ignores it by default, and orchestrators run their own probes."),
    ("hadolint", "DL3059", "Merging consecutive RUN instructions is not always better: with BuildKit's cache, separate RUNs often rebuild less. Layerlab reports what layers cost instead."),
    ("buildkit", "CopyIgnoredFile", "Needs the build context; reported by the simulation as a missing COPY source when a context is given."),
    ("buildkit", "InvalidBaseImagePlatform", "Needs the registry's image index."),
    ("buildkit", "InvalidDefinitionDescription", "Experimental and off by default in BuildKit."),
    ("buildkit", "NoEmptyContinuation", "Reported by the parser as `empty-continuation-line` (a parse diagnostic, not a rule)."),
];
