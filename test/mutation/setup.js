// For StrykerJS only (both mutation configs load it after the test framework):
// a property that fails stops at its first counterexample instead of shrinking
// it. A mutant is killed by the first failing test, so shrinking only costs
// time, and with a Duktape process or a synth per step it cost minutes a mutant.
require('fast-check').configureGlobal({ endOnFailure: true });
