/** The member's REST data through react-query on the typed client: one hook per resource. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ConsentChoice } from '@gym/shared';
import { memberApi } from '../../../shared/api-client.ts';

export const useProfile = () => useQuery({ queryKey: ['profile'], queryFn: memberApi.profile });
export const useConsents = () => useQuery({ queryKey: ['consents'], queryFn: memberApi.consents });
export const useSets = () => useQuery({ queryKey: ['sets'], queryFn: () => memberApi.sets(200), refetchInterval: 15_000 });
export const useSessions = () => useQuery({ queryKey: ['sessions'], queryFn: () => memberApi.sessions(30), refetchInterval: 15_000 });
export const useProgress = () => useQuery({ queryKey: ['progress'], queryFn: () => memberApi.progress(30), refetchInterval: 30_000 });
export const useInvite = (token: string | null) => useQuery({ queryKey: ['invite', token], queryFn: () => memberApi.invitePreview(token!), enabled: Boolean(token), retry: false });
export const useCoachMessages = (enabled: boolean) => useQuery({ queryKey: ['coach-messages'], queryFn: () => memberApi.coachMessages(100), enabled, retry: false, refetchInterval: 20_000 });
export const useCoachSummaries = (enabled: boolean) => useQuery({ queryKey: ['coach-summaries'], queryFn: () => memberApi.coachSummaries(10), enabled, retry: false, refetchInterval: 20_000 });

export function useSetConsent() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, granted }: { kind: ConsentChoice; granted: boolean }) => memberApi.setConsent(kind, granted),
    onSuccess: (states) => qc.setQueryData(['consents'], states),
  });
}
