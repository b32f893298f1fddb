import { IndexedHeap, type HeapItem } from './indexed-heap.ts'

/** A user's fair-share state. */
export class UserAccount implements HeapItem {
  /** Weighted tokens served so far (VTC); the lowest goes first among equal effective priorities. */
  counter = 0
  waiting = 0
  running = 0
  heapIndex = -1

  constructor(
    readonly id: string,
    public lastActiveMs: number,
  ) {}
}

/**
 * Virtual token counters (Sheng et al., "Fairness in Serving Large Language Models",
 * OSDI 2024, https://arxiv.org/abs/2401.00588).
 * Users with waiting requests sit in a min-heap by counter, so the lift on arrival costs O(log users)
 * rather than a scan, even with thousands of users each waiting once.
 */
export class VirtualTokenCounters {
  private readonly accounts = new Map<string, UserAccount>()
  private readonly waitingUsers = new IndexedHeap<UserAccount>((a, b) => a.counter < b.counter)
  // Kept even if its account is pruned: the paper lifts against it when nobody is waiting.
  private lastServed: UserAccount | null = null

  get waitingUserCount(): number {
    return this.waitingUsers.size
  }

  find(userId: string): UserAccount | undefined {
    return this.accounts.get(userId)
  }

  account(userId: string, now: number): UserAccount {
    let account = this.accounts.get(userId)
    if (!account) {
      account = new UserAccount(userId, now)
      this.accounts.set(userId, account)
    }
    return account
  }

  all(): MapIterator<UserAccount> {
    return this.accounts.values()
  }

  /**
   * A new request joins the queue. A user with nothing waiting is first lifted to the lowest counter
   * among waiting users (or, with nobody waiting, to the user served last), so time spent idle is not
   * credit to spend later against users who kept working (the counter lift of VTC).
   */
  arrive(account: UserAccount, now: number): void {
    if (account.waiting === 0) {
      const floor = this.waitingUsers.peek() ?? this.lastServed
      if (floor && floor.counter > account.counter) account.counter = floor.counter
    }
    this.rejoin(account, now)
  }

  /** A requeued request comes back without a lift: it only gives back the place it had. */
  rejoin(account: UserAccount, now: number): void {
    account.waiting++
    account.lastActiveMs = now
    if (account.waiting === 1) this.waitingUsers.push(account)
  }

  /** A request leaves the queue: dispatched (`served`), cancelled or timed out. */
  leave(account: UserAccount, now: number, served: boolean): void {
    account.waiting--
    account.lastActiveMs = now
    if (account.waiting === 0) this.waitingUsers.remove(account)
    if (served) this.lastServed = account
  }

  started(account: UserAccount): void {
    account.running++
  }

  finished(account: UserAccount, now: number): void {
    account.running--
    account.lastActiveMs = now
  }

  charge(account: UserAccount, amount: number): void {
    if (amount === 0) return
    account.counter += amount
    this.waitingUsers.update(account)
  }

  /**
   * Forgets users idle for `idleMs`. Safe for fairness: a forgotten user restarts at 0 but is lifted on
   * return like any returning user, so forgetting never hands out credit (it may forgive old debt).
   */
  prune(now: number, idleMs: number): void {
    for (const [userId, account] of this.accounts) {
      if (account.waiting === 0 && account.running === 0 && now - account.lastActiveMs >= idleMs) {
        this.accounts.delete(userId)
      }
    }
  }
}
