/**
 * Replay floors: when a worker (re)connects to a server it may resend frames another run already processed: a
 * restarted server, or a live neighbour that takes a camera over when the worker fails over from a killed server
 * (web-perception's sender resends its unacknowledged frames). Frames of a camera captured at or before its floor
 * are acknowledged and skipped, so a rep already stored is not counted a second time; frames after it are
 * processed, so a rep the previous server counted but never stored (its writer's batch died with it) is counted.
 *
 * The floor of a camera, taken on each socket's first frame of it, is the later of
 * - the last rep stored from the camera's recent sets (shared database: what any server stored), and
 * - the last frame of the camera this process handled (a worker coming back to the same live server).
 */
export class ReplayFloors {
  constructor(
    private readonly storedMs: (cameraId: string) => Promise<number | null>,
    private readonly handledMs: (cameraId: string) => number,
  ) {}

  async floorFor(cameraId: string): Promise<number | null> {
    const stored = (await this.storedMs(cameraId)) ?? 0;
    const f = Math.max(stored, this.handledMs(cameraId));
    return f > 0 ? f : null;
  }
}
