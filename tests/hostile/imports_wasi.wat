;; A component that asks for the WASI filesystem: payguard must refuse to
;; load it, naming the import, before any of its code runs.
(component
  (import "wasi:filesystem/types@0.2.0" (instance))
)
