/**
 * The error a synchronous call throws, for tests that go on to check its fields: a call that throws nothing, or
 * an error of another type, fails the test (the other error is rethrown as it is).
 */

/** The error `call` throws, when it is a `type`. */
export function thrownError<E extends Error>(
  type: abstract new (...args: never[]) => E,
  call: () => unknown,
): E {
  try {
    call();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected a ${type.name}`);
}
