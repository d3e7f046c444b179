"""The build layer: warm kernels (:mod:`.kernel`), the build cache (:mod:`.cache`) and the build of
the pages, index, key figures and bundles (:mod:`.reports`)."""
