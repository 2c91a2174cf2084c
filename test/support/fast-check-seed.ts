import fc from 'fast-check';

/**
 * Property tests and the fuzzer draw from a fixed seed, so a CI run is repeatable and a
 * failure reproduces; FAST_CHECK_SEED explores other inputs locally.
 */
fc.configureGlobal({ seed: Number(process.env.FAST_CHECK_SEED ?? 20261125) });
