/** react-query hooks of the safety-steward pages (personnel, teams, certificates, briefings, duties, training). */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, api, type Query, request } from "../../api/client";
import type {
  Attempt,
  AttemptResult,
  BriefingDetail,
  BriefingPrefill,
  BriefingStats,
  BriefingSummary,
  BriefingToday,
  Certificate,
  Course,
  DutyAlarm,
  DutyCatalogueEntry,
  DutyList,
  DutySummary,
  Exam,
  KeyGroupSummary,
  PagedList,
  Person,
  PersonDetail,
  Question,
  Team,
  TrainingRecord,
} from "./types";

export const stewardKeys = {
  personnel: ["personnel"] as const,
  teams: ["teams"] as const,
  certificates: ["certificates"] as const,
  briefings: ["briefings"] as const,
  duties: ["duties"] as const,
  training: ["training"] as const,
};

export const noRetryOn4xx = (n: number, e: unknown) => !(e instanceof ApiError && e.status < 500) && n < 2;
const enc = encodeURIComponent;

/** Drops empty values so query keys stay stable. */
function clean(q: Query): Query {
  const out: Query = {};
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== "") out[k] = v;
  return out;
}

function useInvalidate(...roots: (readonly string[])[]) {
  const qc = useQueryClient();
  return () => Promise.all(roots.map((queryKey) => qc.invalidateQueries({ queryKey })));
}

export const apiPut = <T>(path: string, body?: unknown) => request<T>("PUT", path, { body });

// ---------------------------------------------------------------------------------------------------------------
// Personnel, teams, certificates

export function usePersonnel(query: Query, enabled = true) {
  const q = clean(query);
  return useQuery({
    queryKey: [...stewardKeys.personnel, "list", q],
    queryFn: () => api.get<PagedList<Person>>("/api/personnel", q),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function usePerson(id: string | undefined) {
  return useQuery({
    queryKey: [...stewardKeys.personnel, "detail", id],
    queryFn: () => api.get<PersonDetail>(`/api/personnel/${enc(id!)}`),
    enabled: !!id,
    retry: noRetryOn4xx,
  });
}

export function useKeyGroups(query: Query, enabled = true) {
  const q = clean(query);
  return useQuery({
    queryKey: [...stewardKeys.personnel, "key-groups", q],
    queryFn: () => api.get<KeyGroupSummary>("/api/personnel/key-groups", q),
    enabled,
  });
}

export interface PersonBody {
  enterpriseId?: string;
  name: string;
  kind: "employee" | "contractor";
  contractorCompany?: string;
  idNumber?: string;
  phone?: string;
  department?: string;
  post?: string;
  teamId?: string | null;
  keyGroup?: string | null;
  userId?: string | null;
  version?: number;
}

export function useSavePerson(id?: string) {
  const inv = useInvalidate(stewardKeys.personnel, stewardKeys.teams, stewardKeys.certificates);
  return useMutation({
    mutationFn: (body: PersonBody) => (id ? api.patch<Person>(`/api/personnel/${enc(id)}`, body) : api.post<Person>("/api/personnel", body)),
    onSuccess: () => void inv(),
  });
}

export function useDeletePerson() {
  const inv = useInvalidate(stewardKeys.personnel, stewardKeys.teams);
  return useMutation({ mutationFn: (id: string) => api.del(`/api/personnel/${enc(id)}`), onSuccess: () => void inv() });
}

export interface CertificateBody {
  type: string;
  title?: string;
  number: string;
  issuer?: string;
  issuedOn?: string | null;
  validUntil: string;
  scanSha256?: string | null;
  version?: number;
}

export function useSaveCertificate(personId: string, certId?: string) {
  const inv = useInvalidate(stewardKeys.personnel, stewardKeys.certificates);
  return useMutation({
    mutationFn: (body: CertificateBody) =>
      certId ? api.patch<Certificate>(`/api/certificates/${enc(certId)}`, body) : api.post<Certificate>(`/api/personnel/${enc(personId)}/certificates`, body),
    onSuccess: () => void inv(),
  });
}

export function useDeleteCertificate() {
  const inv = useInvalidate(stewardKeys.personnel, stewardKeys.certificates);
  return useMutation({ mutationFn: (id: string) => api.del(`/api/certificates/${enc(id)}`), onSuccess: () => void inv() });
}

export function useCertificates(query: Query, enabled = true) {
  const q = clean(query);
  return useQuery({
    queryKey: [...stewardKeys.certificates, q],
    queryFn: () => api.get<PagedList<Certificate>>("/api/certificates", q),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useTeams(enterpriseId: string | undefined) {
  return useQuery({
    queryKey: [...stewardKeys.teams, enterpriseId ?? ""],
    queryFn: () => api.get<{ items: Team[] }>("/api/teams", clean({ enterpriseId })),
  });
}

export interface TeamBody {
  enterpriseId?: string;
  name: string;
  leaderPersonId?: string | null;
  version?: number;
}

export function useSaveTeam(id?: string) {
  const inv = useInvalidate(stewardKeys.teams, stewardKeys.personnel, stewardKeys.briefings);
  return useMutation({
    mutationFn: (body: TeamBody) => (id ? api.patch<Team>(`/api/teams/${enc(id)}`, body) : api.post<Team>("/api/teams", body)),
    onSuccess: () => void inv(),
  });
}

export function useDeleteTeam() {
  const inv = useInvalidate(stewardKeys.teams, stewardKeys.personnel);
  return useMutation({ mutationFn: (id: string) => api.del(`/api/teams/${enc(id)}`), onSuccess: () => void inv() });
}

/** The enterprise's logins (for linking a person to a login), from the permit approver settings' candidates. */
export function useEnterpriseLogins(enterpriseId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ["permit-approvers", enterpriseId],
    queryFn: () => api.get<{ candidates: { id: string; displayName: string; role: string }[] }>("/api/permits/approvers", { enterpriseId }),
    enabled: enabled && !!enterpriseId,
    retry: false,
    staleTime: 60_000,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Briefings

export function useBriefings(query: Query, enabled = true) {
  const q = clean(query);
  return useQuery({
    queryKey: [...stewardKeys.briefings, "list", q],
    queryFn: () => api.get<PagedList<BriefingSummary>>("/api/briefings", q),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useBriefingsToday(enterpriseId: string | undefined) {
  return useQuery({
    queryKey: [...stewardKeys.briefings, "today", enterpriseId],
    queryFn: () => api.get<BriefingToday>("/api/briefings/today", { enterpriseId }),
    enabled: !!enterpriseId,
  });
}

export function useBriefingStats(enterpriseId: string | undefined, month: string) {
  return useQuery({
    queryKey: [...stewardKeys.briefings, "stats", enterpriseId, month],
    queryFn: () => api.get<BriefingStats>("/api/briefings/stats", { enterpriseId, month }),
    enabled: !!enterpriseId,
    placeholderData: keepPreviousData,
  });
}

export function useBriefing(id: string | undefined) {
  return useQuery({
    queryKey: [...stewardKeys.briefings, "detail", id],
    queryFn: () => api.get<BriefingDetail>(`/api/briefings/${enc(id!)}`),
    enabled: !!id,
    retry: noRetryOn4xx,
  });
}

export function useBriefingPrefill(teamId: string | undefined) {
  return useQuery({
    queryKey: [...stewardKeys.briefings, "prefill", teamId],
    queryFn: () => api.get<BriefingPrefill>("/api/briefings/prefill", { teamId }),
    enabled: !!teamId,
    retry: noRetryOn4xx,
  });
}

export interface BriefingBody {
  teamId: string;
  day?: string;
  topic: string;
  content?: string;
  risks?: string;
  permitIds?: string[];
  lessons?: string;
  photoEvidenceId: string;
  attendees: { personId: string; signatureSha256?: string }[];
  lat?: number;
  lng?: number;
}

export function useCreateBriefing() {
  const inv = useInvalidate(stewardKeys.briefings, stewardKeys.personnel);
  return useMutation({ mutationFn: (body: BriefingBody) => api.post<BriefingDetail>("/api/briefings", body), onSuccess: () => void inv() });
}

export function useLateSignIn(briefingId: string) {
  const inv = useInvalidate(stewardKeys.briefings);
  return useMutation({
    mutationFn: (body: { personId: string; signatureSha256?: string }) => api.post(`/api/briefings/${enc(briefingId)}/attendees`, body),
    onSuccess: () => void inv(),
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Duties

export function useDuties(enterpriseId: string | undefined, year: number) {
  return useQuery({
    queryKey: [...stewardKeys.duties, "list", enterpriseId, year],
    queryFn: () => api.get<DutyList>("/api/duties", { enterpriseId, year }),
    enabled: !!enterpriseId,
    placeholderData: keepPreviousData,
  });
}

export function useDutyCatalogue() {
  return useQuery({
    queryKey: [...stewardKeys.duties, "catalogue"],
    queryFn: async () => {
      const r = await api.get<DutyCatalogueEntry[] | { items: DutyCatalogueEntry[] }>("/api/duties/catalogue");
      return Array.isArray(r) ? r : r.items;
    },
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useDutyAlarms(query: Query, enabled = true) {
  const q = clean(query);
  return useQuery({
    queryKey: [...stewardKeys.duties, "alarms", q],
    queryFn: () => api.get<PagedList<DutyAlarm>>("/api/duty-alarms", q),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useDutySummary(query: Query) {
  const q = clean(query);
  return useQuery({
    queryKey: [...stewardKeys.duties, "summary", q],
    queryFn: () => api.get<DutySummary>("/api/duties/summary", q),
    placeholderData: keepPreviousData,
  });
}

export interface DutyPlanBody {
  enterpriseId: string;
  year: number;
  planText: string;
  ownerName: string;
  ownerUserId?: string;
  schedule?: Record<string, string>;
  version?: number;
}

export function useSaveDutyPlan() {
  const inv = useInvalidate(stewardKeys.duties);
  return useMutation({
    mutationFn: ({ code, ...body }: DutyPlanBody & { code: string }) => apiPut(`/api/duties/${enc(code)}/plan`, body),
    onSuccess: () => void inv(),
  });
}

export interface DutyCompletionBody {
  enterpriseId: string;
  periodKey: string;
  completedOn: string;
  note?: string;
  files?: { sha256: string; name: string }[];
}

export function useRecordDutyCompletion() {
  const inv = useInvalidate(stewardKeys.duties);
  return useMutation({
    mutationFn: ({ code, ...body }: DutyCompletionBody & { code: string }) => api.post(`/api/duties/${enc(code)}/completions`, body),
    onSuccess: () => void inv(),
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Training

export function useCourses(query: Query, enabled = true) {
  const q = clean(query);
  return useQuery({
    queryKey: [...stewardKeys.training, "courses", q],
    queryFn: () => api.get<PagedList<Course>>("/api/courses", q),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export interface CourseBody {
  enterpriseId?: string;
  title: string;
  category?: string;
  description?: string;
  hours: number;
  materials: { sha256: string; name: string; mime: string }[];
  keyGroup?: string | null;
  version?: number;
}

export function useSaveCourse(id?: string) {
  const inv = useInvalidate(stewardKeys.training);
  return useMutation({
    mutationFn: (body: CourseBody) => (id ? api.patch<Course>(`/api/courses/${enc(id)}`, body) : api.post<Course>("/api/courses", body)),
    onSuccess: () => void inv(),
  });
}

export function useDeleteCourse() {
  const inv = useInvalidate(stewardKeys.training);
  return useMutation({ mutationFn: (id: string) => api.del(`/api/courses/${enc(id)}`), onSuccess: () => void inv() });
}

export function useStudyCourse() {
  const inv = useInvalidate(stewardKeys.training, stewardKeys.personnel);
  return useMutation({
    mutationFn: ({ id, personId }: { id: string; personId?: string }) =>
      api.post<TrainingRecord>(`/api/courses/${enc(id)}/study`, personId ? { personId } : {}),
    onSuccess: () => void inv(),
  });
}

export function useQuestions(query: Query, enabled = true) {
  const q = clean(query);
  return useQuery({
    queryKey: [...stewardKeys.training, "questions", q],
    queryFn: () => api.get<PagedList<Question>>("/api/questions", q),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export interface QuestionBody {
  enterpriseId?: string;
  bank?: string;
  kind: string;
  stem: string;
  options: { key: string; text: string }[];
  answer: string[];
  explanation?: string;
  points?: number;
}

export function useSaveQuestion(id?: string) {
  const inv = useInvalidate(stewardKeys.training);
  return useMutation({
    mutationFn: (body: QuestionBody) => (id ? api.patch<Question>(`/api/questions/${enc(id)}`, body) : api.post<Question>("/api/questions", body)),
    onSuccess: () => void inv(),
  });
}

export function useDeleteQuestion() {
  const inv = useInvalidate(stewardKeys.training);
  return useMutation({ mutationFn: (id: string) => api.del(`/api/questions/${enc(id)}`), onSuccess: () => void inv() });
}

export function useExams(query: Query, enabled = true) {
  const q = clean(query);
  return useQuery({
    queryKey: [...stewardKeys.training, "exams", q],
    queryFn: () => api.get<PagedList<Exam>>("/api/exams", q),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useExam(id: string | undefined) {
  return useQuery({
    queryKey: [...stewardKeys.training, "exam", id],
    queryFn: () => api.get<Exam>(`/api/exams/${enc(id!)}`),
    enabled: !!id,
    retry: noRetryOn4xx,
  });
}

export interface ExamBody {
  enterpriseId?: string;
  title: string;
  courseId?: string;
  questionIds: string[];
  timeLimitMin: number;
  passMark: number;
  shuffle?: boolean;
  openFrom?: string;
  openUntil?: string;
}

export function useCreateExam() {
  const inv = useInvalidate(stewardKeys.training);
  return useMutation({ mutationFn: (body: ExamBody) => api.post<Exam>("/api/exams", body), onSuccess: () => void inv() });
}

export function useStartAttempt(examId: string) {
  return useMutation({ mutationFn: (personId?: string) => api.post<Attempt>(`/api/exams/${enc(examId)}/attempts`, personId ? { personId } : {}) });
}

export function useSubmitAttempt() {
  const inv = useInvalidate(stewardKeys.training, stewardKeys.personnel);
  return useMutation({
    mutationFn: ({ id, answers }: { id: string; answers: Record<string, string[]> }) =>
      api.post<AttemptResult>(`/api/exam-attempts/${enc(id)}/submit`, { answers }),
    onSettled: () => void inv(),
  });
}

export function useTrainingRecords(query: Query, enabled = true) {
  const q = clean(query);
  return useQuery({
    queryKey: [...stewardKeys.training, "records", q],
    queryFn: () => api.get<{ items: TrainingRecord[] }>("/api/training/records", q),
    enabled,
    placeholderData: keepPreviousData,
  });
}
