/** The console's REST data, through react-query on the typed API client: one hook per resource. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AlertKind } from '@gym/shared';
import { apiClient } from '../../../shared/api-client.ts';

export const useSystem = () => useQuery({ queryKey: ['system'], queryFn: apiClient.system, staleTime: 60_000 });
export const useCameras = () => useQuery({ queryKey: ['cameras'], queryFn: apiClient.cameras, refetchInterval: 30_000 });
export const useCameraHealth = () => useQuery({ queryKey: ['camera-health'], queryFn: apiClient.cameraHealth, refetchInterval: 10_000 });
export const useWorkerStats = () => useQuery({ queryKey: ['worker-stats'], queryFn: apiClient.workerStats, refetchInterval: 3_000 });
export const useRoster = () => useQuery({ queryKey: ['roster'], queryFn: apiClient.roster, refetchInterval: 2_000 });
export const useAlerts = (open = false, kind: AlertKind | null = null) => useQuery({ queryKey: ['alerts', open, kind], queryFn: () => apiClient.alerts({ open, kind }), refetchInterval: 15_000 });
export const useMembers = () => useQuery({ queryKey: ['members'], queryFn: apiClient.members });
export const useMemberConsents = (id: string | null) => useQuery({ queryKey: ['consents', id], queryFn: () => apiClient.memberConsents(id!), enabled: Boolean(id) });
export const useUsers = () => useQuery({ queryKey: ['users'], queryFn: apiClient.users });
export const useUserCameras = (id: string | null) => useQuery({ queryKey: ['user-cameras', id], queryFn: () => apiClient.userCameras(id!), enabled: Boolean(id) });
export const useAudit = () => useQuery({ queryKey: ['audit'], queryFn: () => apiClient.audit(500), refetchInterval: 15_000 });

/** A mutation that refreshes the given queries when it succeeds. */
export function useAction<A extends unknown[], R>(fn: (...a: A) => Promise<R>, invalidates: string[][]) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (args: A) => fn(...args),
    onSuccess: () => Promise.all(invalidates.map((k) => qc.invalidateQueries({ queryKey: k }))),
  });
}
