/** Who is asking, and what they may see. */
export type Role = 'member' | 'trainer' | 'admin';

export interface Principal {
  userId: string;
  role: Role;
  /** Set for member accounts: the only member whose data they may read. */
  memberId: string | null;
  /** Cameras a trainer may watch; `'all'` for admins. Members: none. */
  cameras: readonly string[] | 'all';
}

export const isStaff = (p: Principal) => p.role === 'trainer' || p.role === 'admin';

export function canViewCamera(p: Principal, cameraId: string): boolean {
  if (p.cameras === 'all') return true;
  return isStaff(p) && p.cameras.includes(cameraId);
}

/** Members read only their own data; staff read every member's. */
export function canReadMember(p: Principal, memberId: string): boolean {
  return isStaff(p) || p.memberId === memberId;
}
