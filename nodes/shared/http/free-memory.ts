/**
 * Frees memory outside the JavaScript heap (the bytes under a Buffer) as soon as it is done with,
 * rather than at the engine's next full collection.
 *
 * Why: the engine counts such memory, and each few tens of megabytes of it start a full
 * mark-compact, which in n8n's process must mark n8n's whole heap (80 MB and more). Node's HTTP
 * client copies every body chunk into memory of its own (a 2 MB answer is 2 MB of it, on top of the
 * socket reads), so reading generation answers at full speed started a full collection every
 * 200 ms, the better part of the node's time. Memory freed here is no longer counted.
 *
 * Only memory that is the view's alone is freed: the view must span its whole ArrayBuffer (not a
 * slice of Node's Buffer pool or of a larger buffer). The caller must know that nothing else holds
 * it: afterwards every view of it is empty. Where the runtime cannot (Node before 21, memory that
 * may not be detached), nothing happens and the collector frees it as before.
 */

/** `ArrayBuffer.prototype.transfer` and `detached` (ES2024; Node 21 and later), not in our TypeScript lib. */
interface DetachableBuffer {
	readonly detached?: boolean;
	readonly resizable?: boolean;
	transfer?: (length?: number) => ArrayBuffer;
}

/** Whether the memory was freed (false when it was left alone). */
export function freeMemory(view: Uint8Array): boolean {
	const memory = view.buffer;
	if (!(memory instanceof ArrayBuffer) || view.byteOffset !== 0 || memory.byteLength !== view.byteLength || view.byteLength === 0) {
		return false;
	}
	const detachable = memory as ArrayBuffer & DetachableBuffer;
	if (typeof detachable.transfer !== 'function' || detachable.resizable || detachable.detached) return false;
	try {
		// Moving the contents into a new empty buffer releases the old memory, and its count, at once.
		detachable.transfer(0);
		return true;
	} catch {
		return false; // memory the runtime will not let go of (a WebAssembly memory, a detach key)
	}
}
