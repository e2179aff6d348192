/** A response that also opens a browser session; the session interceptor sets the cookies. */
export class SignedIn<T> {
  constructor(
    readonly body: T,
    readonly sessionKey: string,
  ) {}
}

/** A response that also ends the browser session of the request. */
export class SignedOut<T> {
  constructor(readonly body: T) {}
}
