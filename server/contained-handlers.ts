/**
 * Every handler the server registers is contained, and the server follows LSP on `shutdown`. `containHandlers`
 * wraps the connection before anything registers on it (Langium's handlers, the diagram request, settings), so that
 * every `on…` registration, nested ones such as `languages.semanticTokens.on` included, gets a handler that:
 *  - answers a request whose handler throws or rejects with an error (`InternalError`, or `RequestCancelled` for a
 *    cancelled one) and logs the exception with its stack; a notification handler's failure is logged too (an
 *    async one would otherwise be an unhandled rejection, which ends a Node process);
 *  - after `shutdown`, answers every request with `InvalidRequest` and drops notifications without running them
 *    (LSP: "If a server receives requests after a shutdown request those requests should error with
 *    InvalidRequest"). Requests of methods nobody handles get the same answer then, `MethodNotFound` before.
 * `exit` is vscode-languageserver's own: it ends the process with code 0 after `shutdown`, 1 without.
 */
import { isOperationCancelled } from 'langium';
import { ErrorCodes, LSPErrorCodes, ResponseError, type Connection } from 'vscode-languageserver';

type Handler = (...args: unknown[]) => unknown;

/** A handler's failure as an answer: its own ResponseError as is, cancellation as such, anything else logged. */
function failure(label: string, e: unknown, log: (message: string) => void): ResponseError<unknown> {
    if (e instanceof ResponseError) return e;
    if (isOperationCancelled(e)) return new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
    const message = e instanceof Error ? e.message : String(e);
    log(`topo: ${label} failed: ${e instanceof Error ? (e.stack ?? message) : message}`);
    return new ResponseError(ErrorCodes.InternalError, `${label} failed: ${message}`);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
    return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** The connection, with every handler registered through it contained. */
export function containHandlers(
    connection: Connection,
    log: (message: string) => void = (m) => connection.console.error(m),
): Connection {
    let shutdown = false;
    const wrap = (label: string, handler: Handler, blocked: boolean): Handler =>
        function (this: unknown, ...args: unknown[]): unknown {
            if (blocked && shutdown)
                return new ResponseError(ErrorCodes.InvalidRequest, `${label}: the server has been shut down`);
            try {
                const result = handler.apply(this, args);
                return isThenable(result)
                    ? Promise.resolve(result).then(undefined, (e: unknown) => failure(label, e, log))
                    : result;
            } catch (e) {
                return failure(label, e, log);
            }
        };

    const proxies = new WeakMap<object, object>();
    const contain = <T extends object>(target: T, path: string): T => {
        const known = proxies.get(target);
        if (known) return known as T;
        const proxy = new Proxy(target, {
            get(t, key, receiver) {
                const value: unknown = Reflect.get(t, key, receiver);
                const name = typeof key === 'string' ? key : '';
                if (typeof value === 'function') {
                    const fn = value as Handler;
                    if (!/^on([A-Z]|$)/.test(name)) return (...args: unknown[]) => fn.apply(t, args);
                    // onShutdown's handler is the shutdown itself, onExit's runs at exit: neither is refused.
                    const blocked = name !== 'onShutdown' && name !== 'onExit';
                    if (name === 'onShutdown' && path === '')
                        return (handler: Handler) =>
                            fn.call(t, (...a: unknown[]) => {
                                markShutdown();
                                return wrap('shutdown', handler, false)(...a);
                            });
                    return (...args: unknown[]) => {
                        const first = args[0] as { method?: unknown } | string | undefined;
                        const event = name.slice(2).replace(/^./, (c) => c.toLowerCase());
                        // The method when the registration names it, else the event (`hover`, `languages.inlayHint`).
                        const label =
                            typeof first === 'string'
                                ? first
                                : typeof first?.method === 'string'
                                  ? first.method
                                  : event
                                    ? `${path}${event}`
                                    : path.slice(0, -1);
                        const wrapped = args.map((a) =>
                            typeof a === 'function' ? wrap(label, a as Handler, blocked) : a,
                        );
                        return fn.apply(t, wrapped);
                    };
                }
                return value !== null && typeof value === 'object' ? contain(value, `${path}${name}.`) : value;
            },
        });
        proxies.set(target, proxy);
        return proxy;
    };

    // The server's own shutdown handler; one registered later through the proxy is chained to it.
    const markShutdown = (): void => {
        // A second shutdown is a request after shutdown.
        if (shutdown) throw new ResponseError(ErrorCodes.InvalidRequest, 'shutdown: the server has been shut down');
        shutdown = true;
    };
    connection.onShutdown(markShutdown);
    // Requests nobody handles (the star handler runs only for those).
    connection.onRequest((method: string) => {
        throw shutdown
            ? new ResponseError(ErrorCodes.InvalidRequest, `${method}: the server has been shut down`)
            : new ResponseError(ErrorCodes.MethodNotFound, `Unhandled method ${method}`);
    });
    return contain(connection, '');
}
