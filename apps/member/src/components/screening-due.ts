/** Whether and how the app asks for the health screening (pure, unit-tested): never answered, or 12 months old. */
import type { MyProfile } from '@gym/shared';

export interface ScreeningAsk {
  title: string;
  text: string;
}

export function screeningAsk(p: Pick<MyProfile, 'screeningDue' | 'screenedAt'> | undefined): ScreeningAsk | null {
  if (!p?.screeningDue) return null;
  if (!p.screenedAt)
    return { title: 'Please answer the health questions', text: 'Until you do, the coach won’t suggest more weight, reps or intensity.' };
  return {
    title: 'Your yearly health check is due',
    text: `You last answered the health questions on ${p.screenedAt.slice(0, 10)}. They are asked again every 12 months; until you answer them, the coach won’t suggest more weight, reps or intensity.`,
  };
}
