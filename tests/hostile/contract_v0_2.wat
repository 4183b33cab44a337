;; A component that exports the 0.2 contract's interface, as a plugin built
;; for payguard:risk@0.2.0 does: this host must refuse it at load, naming
;; the version it found and the one it loads.
(component
  (instance $scoring)
  (export "payguard:risk/scoring@0.2.0" (instance $scoring))
)
