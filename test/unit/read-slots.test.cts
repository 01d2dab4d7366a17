import { ReadSlots } from '../../nodes/shared/http/read-slots';

const settle = () => new Promise((resolve) => setImmediate(resolve));
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ReadSlots', () => {
	it('grants up to the limit at once; the rest wait and get slots in the order they asked', async () => {
		const slots = new ReadSlots(2, 10_000);
		const first = await slots.acquire();
		const second = await slots.acquire();
		const order: number[] = [];
		const third = slots.acquire().then((slot) => (order.push(3), slot));
		const fourth = slots.acquire().then((slot) => (order.push(4), slot));
		await settle();
		expect(order).toEqual([]);
		expect(slots.queued).toBe(2);

		second.release();
		await settle();
		expect(order).toEqual([3]);
		// Released twice (a finally after an error path) frees one slot, not two.
		second.release();
		await settle();
		expect(order).toEqual([3]);

		first.release();
		await settle();
		expect(order).toEqual([3, 4]);
		expect(slots.reading).toBe(2);
		(await third).release();
		(await fourth).release();
		expect(slots.reading).toBe(0);
	});

	it('a slot whose body sends nothing for the stall time lets the next answer in, and counts again when bytes come', async () => {
		const slots = new ReadSlots(1, 30);
		// Before the first acquire, where the stall time starts: a pause after it cannot shorten the wait seen.
		const asked = Date.now();
		const slow = await slots.acquire();
		let next: Awaited<ReturnType<ReadSlots['acquire']>> | undefined;
		void slots.acquire().then((slot) => (next = slot));
		await settle();
		expect(next).toBeUndefined();

		while (!next) await wait(2);
		expect(Date.now() - asked).toBeGreaterThanOrEqual(25);
		expect(slots.reading).toBe(1);
		slow.touch(); // the slow body sends again: reading at once, over the limit, rather than stopped mid-answer
		expect(slots.reading).toBe(2);
		slow.release();
		next!.release();
		expect(slots.reading).toBe(0);

		// A slot released while stalled does not free a second time.
		const again = await slots.acquire();
		await wait(60);
		again.release();
		expect(slots.reading).toBe(0);
		const after = await slots.acquire();
		expect(slots.reading).toBe(1);
		after.release();
	});

	it('touching keeps a busy slot counted, so a steady body is not mistaken for a stalled one', async () => {
		const slots = new ReadSlots(1, 300);
		const busy = await slots.acquire();
		let next = false;
		void slots.acquire().then((slot) => {
			next = true;
			slot.release();
		});
		// 8 touches 20 ms apart: 160 ms of a body that keeps sending, each gap far below the stall time.
		for (let n = 0; n < 8; n++) {
			await wait(20);
			busy.touch();
		}
		expect(next).toBe(false);
		busy.release();
		await settle();
		expect(next).toBe(true);
	});

	it('a wait ended by its signal (deadline or Stop) leaves the queue and gets a slot that holds nothing', async () => {
		const slots = new ReadSlots(1, 10_000);
		const held = await slots.acquire();
		const controller = new AbortController();
		const waiting = slots.acquire(controller.signal);
		await settle();
		expect(slots.queued).toBe(1);
		controller.abort();
		const inert = await waiting;
		expect(slots.queued).toBe(0);
		inert.touch();
		inert.release();
		expect(slots.reading).toBe(1);
		// An already aborted signal does not wait at all.
		const late = await slots.acquire(AbortSignal.abort());
		late.release();
		expect(slots.reading).toBe(1);
		held.release();
		expect(slots.reading).toBe(0);
	});
});
