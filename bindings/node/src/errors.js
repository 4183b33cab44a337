// The package's errors. A bad row is never one of them: it is a rejected
// result naming its field, as in every payguard host.

/** Anything payguard refuses. */
export class PayguardError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = this.constructor.name;
  }
}

/** The components cannot be loaded (not built, or built for another contract). */
export class LoadError extends PayguardError {}

/** A policy file or object the reader or the plugin refused; the message names the file, line and key. */
export class PolicyError extends PayguardError {}

/** A file that cannot be read as a payroll at all, or options that make no sense. */
export class InputError extends PayguardError {}

/** The plugin trapped or broke the contract; its instance is replaced on the next call. */
export class PluginError extends PayguardError {}
