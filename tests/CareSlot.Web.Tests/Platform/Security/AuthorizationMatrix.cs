using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;

namespace CareSlot.Web.Tests.Platform.Security;

/// <summary>
/// Who may call an endpoint; everyone else is refused (401 or sign-in when anonymous, else 403 or access denied), except
/// in the admin area, which answers 404 to everyone but administrators.
/// </summary>
/// <param name="Hidden">An area that answers 404 to everyone but administrators and its own callers (HiddenAdminArea).</param>
public sealed record Access(string Name, IReadOnlyList<Caller> Callers, bool Hidden = false)
{
    public static readonly Access Anyone = new("anyone", Enum.GetValues<Caller>());

    public static readonly Access SignedIn = new("anyone signed in", [.. Enum.GetValues<Caller>().Where(c => c != Caller.Anonymous)]);

    public static readonly Access Patients = new("patients", [Caller.Patient]);

    /// <summary>Patients' health data: patients (their own), doctors and admins only in a session with a second factor.</summary>
    public static readonly Access PatientData = new("patient data", [Caller.Patient, Caller.DoctorWithSecondFactor, Caller.AdminWithSecondFactor]);

    /// <summary>A doctor's own directory profile: no patient data in it, so a password session is enough.</summary>
    public static readonly Access Doctors = new("doctors", [Caller.Doctor, Caller.DoctorWithSecondFactor]);

    /// <summary>A doctor's own schedule: refused changes name booked patients, so it needs a second factor.</summary>
    public static readonly Access ScheduleOwners = new("doctors with a second factor", [Caller.DoctorWithSecondFactor]);

    /// <summary>The admin area: 404 to every non-admin (HiddenAdminArea); an admin without a second factor is refused.</summary>
    public static readonly Access Administrators = new("admins with a second factor", [Caller.AdminWithSecondFactor], Hidden: true);

    /// <summary>The help desk's queue: support agents and admins with a second factor; 404 to everyone else but an admin, who is refused.</summary>
    public static readonly Access SupportAgents = new("support agents and admins with a second factor", [Caller.Support, Caller.AdminWithSecondFactor], Hidden: true);

    /// <summary>
    /// Health records: every signed-in caller reaches the route, and the record's authorization handler answers 404 to
    /// whoever may not read it (RecordsAccessMatrixTests checks that per caller with real ids).
    /// </summary>
    public static readonly Access Records = new("records (404 per resource)", [.. Enum.GetValues<Caller>().Where(c => c != Caller.Anonymous)]);

    public override string ToString() => Name;
}

/// <summary>What the matrix must know about an endpoint besides who may call it.</summary>
public enum Quirk
{
    None,

    /// <summary>The endpoint answers 401 to wrong credentials itself; only a 401 that challenges (WWW-Authenticate) is a refusal.</summary>
    ChecksCredentials,

    /// <summary>The access-denied page: its 403 is its message, not a refusal of the caller.</summary>
    IsTheRefusalPage,

    /// <summary>Ends the caller's session, so the matrix calls it after every other endpoint.</summary>
    EndsSession,

    /// <summary>Refuses on the page itself, with a 403 that says why, instead of sending the caller to "access denied".</summary>
    RefusesOnThePage,
}

/// <summary>
/// One endpoint: a minimal API route and method, or one handler of a Razor Page (GET, POST, POST ?handler=Name).
/// Patterns are written as the app maps them, so the table can be compared with the running app's endpoints.
/// </summary>
public sealed record MatrixRow(string Method, string Pattern, Access Access, string? Handler = null, Quirk Quirk = Quirk.None)
{
    public string Key => EndpointKey(Method, Pattern, Handler);

    public bool IsApi => Pattern.StartsWith("/api/", StringComparison.Ordinal);

    public static string EndpointKey(string method, string pattern, string? handler) =>
        handler is null ? $"{method} {pattern}" : $"{method} {pattern}?handler={handler}";
}

/// <summary>Endpoints the matrix leaves out, each with the reason.</summary>
public sealed record Exclusion(string What, Func<RouteEndpoint, bool> Matches, string Why);

/// <summary>
/// Who may call each endpoint the app maps, written out by hand. It is deliberately not read from the
/// endpoints' metadata: a row says what the product promises, so an endpoint that lost its [Authorize]
/// (or a handler that lost its ownership check) fails the matrix instead of agreeing with itself.
/// </summary>
public static class AuthorizationMatrix
{
    public static readonly IReadOnlyList<MatrixRow> Rows =
    [
        // Directory API: public.
        new("GET", "/api/v1/specialties", Access.Anyone),
        new("GET", "/api/v1/doctors", Access.Anyone),
        new("GET", "/api/v1/doctors/{id}", Access.Anyone),
        new("GET", "/api/v1/doctors/{id:int}/appointment-types", Access.Anyone),
        new("GET", "/api/v1/doctors/{id:int}/slots", Access.Anyone),

        // A doctor's own schedule API.
        new("GET", "/api/v1/doctors/me/schedule", Access.ScheduleOwners),
        new("PUT", "/api/v1/doctors/me/weekly-hours", Access.ScheduleOwners),
        new("POST", "/api/v1/doctors/me/time-off", Access.ScheduleOwners),
        new("DELETE", "/api/v1/doctors/me/time-off/{id:int}", Access.ScheduleOwners),
        new("POST", "/api/v1/doctors/me/extra-hours", Access.ScheduleOwners),
        new("DELETE", "/api/v1/doctors/me/extra-hours/{id:int}", Access.ScheduleOwners),
        new("POST", "/api/v1/doctors/me/appointment-types", Access.ScheduleOwners),
        new("PUT", "/api/v1/doctors/me/appointment-types/{id:int}", Access.ScheduleOwners),
        new("DELETE", "/api/v1/doctors/me/appointment-types/{id:int}", Access.ScheduleOwners),
        new("PUT", "/api/v1/doctors/me/booking-rules", Access.ScheduleOwners),

        // Booking API: patients only.
        new("POST", "/api/v1/appointments/holds", Access.Patients),
        new("DELETE", "/api/v1/appointments/holds/{id:guid}", Access.Patients),
        new("POST", "/api/v1/appointments/", Access.Patients),

        // Appointments API: patient data.
        new("GET", "/api/v1/appointments/", Access.PatientData),
        new("GET", "/api/v1/appointments/{id:guid}", Access.PatientData),
        new("POST", "/api/v1/appointments/{id:guid}/reschedule", Access.PatientData),
        new("POST", "/api/v1/appointments/{id:guid}/cancel", Access.PatientData),
        new("POST", "/api/v1/appointments/{id:guid}/status", Access.PatientData),

        // Medical records API: the resource decides (RecordsAccessMatrixTests).
        new("GET", "/api/v1/patients/{patientId:guid}/history", Access.Records),
        new("POST", "/api/v1/patients/{patientId:guid}/history", Access.Records),
        new("GET", "/api/v1/history/{entryId:guid}", Access.Records),
        new("POST", "/api/v1/history/{entryId:guid}/amendments", Access.Records),
        new("POST", "/api/v1/appointments/{id:guid}/note", Access.Records),
        new("GET", "/api/v1/records/me/export", Access.Records),
        new("GET", "/api/v1/doctors/me/patients", Access.ScheduleOwners),
        new("POST", "/api/v1/admin/break-glass", Access.Administrators),
        // The audit trail: only administrators with a second factor search, export and verify it.
        new("GET", "/api/v1/admin/audit/", Access.Administrators),
        new("GET", "/api/v1/admin/audit/export", Access.Administrators),
        new("POST", "/api/v1/admin/audit/verify", Access.Administrators),
        new("GET", "/api/v1/admin/clinics/", Access.Administrators),
        new("POST", "/api/v1/admin/clinics/", Access.Administrators),
        new("GET", "/api/v1/admin/clinics/{id:int}", Access.Administrators),
        new("PUT", "/api/v1/admin/clinics/{id:int}", Access.Administrators),
        new("POST", "/api/v1/admin/clinics/{id:int}/retire", Access.Administrators),
        new("POST", "/api/v1/admin/clinics/{id:int}/reinstate", Access.Administrators),
        new("POST", "/api/v1/admin/clinics/{id:int}/doctors", Access.Administrators),
        new("DELETE", "/api/v1/admin/clinics/{id:int}/doctors/{doctorId:int}", Access.Administrators),
        new("GET", "/api/v1/admin/specialties/", Access.Administrators),
        new("POST", "/api/v1/admin/specialties/", Access.Administrators),
        new("PUT", "/api/v1/admin/specialties/{id:int}", Access.Administrators),
        new("DELETE", "/api/v1/admin/specialties/{id:int}", Access.Administrators),
        // Account administration API.
        new("GET", "/api/v1/admin/accounts/", Access.Administrators),
        new("GET", "/api/v1/admin/accounts/{id:guid}", Access.Administrators),
        new("POST", "/api/v1/admin/accounts/{id:guid}/suspend", Access.Administrators),
        new("POST", "/api/v1/admin/accounts/{id:guid}/reactivate", Access.Administrators),
        new("POST", "/api/v1/admin/accounts/{id:guid}/force-password-reset", Access.Administrators),
        new("POST", "/api/v1/admin/accounts/{id:guid}/reset-two-factor", Access.Administrators),
        new("POST", "/api/v1/admin/accounts/invitations", Access.Administrators),
        new("GET", "/api/v1/admin/dashboard/", Access.Administrators),
        // Doctors' registrations under review.
        new("GET", "/api/v1/admin/doctors/pending", Access.Administrators),
        new("POST", "/api/v1/admin/doctors/{id:int}/approve", Access.Administrators),
        new("POST", "/api/v1/admin/doctors/{id:int}/reject", Access.Administrators),
        new("POST", "/api/v1/admin/doctors/{id:int}/request-information", Access.Administrators),
        // Schedule oversight API.
        new("GET", "/api/v1/admin/appointments/", Access.Administrators),
        new("GET", "/api/v1/admin/appointments/{id:guid}", Access.Administrators),
        new("GET", "/api/v1/admin/appointments/{id:guid}/free-slots", Access.Administrators),
        new("POST", "/api/v1/admin/appointments/{id:guid}/cancel", Access.Administrators),
        new("POST", "/api/v1/admin/appointments/{id:guid}/move", Access.Administrators),
        new("GET", "/api/v1/admin/doctors/{id:int}/absence", Access.Administrators),
        new("POST", "/api/v1/admin/doctors/{id:int}/absence", Access.Administrators),
        new("POST", "/api/v1/admin/doctors/{id:int}/absence/resolve", Access.Administrators),
        // Disputes: the parties' API (someone else's dispute is 404 inside), and the administrators'.
        new("GET", "/api/v1/disputes/", Access.PatientData),
        new("POST", "/api/v1/disputes/", Access.PatientData),
        new("GET", "/api/v1/disputes/{id:guid}", Access.PatientData),
        new("POST", "/api/v1/disputes/{id:guid}/statements", Access.PatientData),
        new("POST", "/api/v1/disputes/{id:guid}/statements/with-file", Access.PatientData),
        new("POST", "/api/v1/disputes/{id:guid}/withdraw", Access.PatientData),
        new("GET", "/api/v1/disputes/{id:guid}/files/{fileId:guid}", Access.PatientData),
        // Live chat: a visitor's key cookie, for anyone (signed-in customers need none; it sets nothing for them).
        new("POST", "/api/v1/chat/visitor-key", Access.Anyone),
        new("POST", "/api/v1/tickets/", Access.Anyone),
        new("GET", "/api/v1/tickets/", Access.SignedIn),
        new("GET", "/api/v1/tickets/{id:long}", Access.Anyone),
        new("GET", "/api/v1/tickets/{id:long}/files/{fileId:guid}", Access.Anyone),
        new("POST", "/api/v1/tickets/{id:long}/replies/with-file", Access.Anyone),
        new("POST", "/api/v1/tickets/{id:long}/replies", Access.Anyone),
        new("GET", "/api/v1/support/tickets/", Access.SupportAgents),
        new("GET", "/api/v1/support/tickets/{id:long}", Access.SupportAgents),
        new("GET", "/api/v1/support/tickets/{id:long}/files/{fileId:guid}", Access.SupportAgents),
        new("POST", "/api/v1/support/tickets/{id:long}/answers/with-file", Access.SupportAgents),
        new("POST", "/api/v1/support/tickets/{id:long}/answers", Access.SupportAgents),
        new("PATCH", "/api/v1/support/tickets/{id:long}", Access.SupportAgents),
        new("GET", "/api/v1/support/answers/", Access.SupportAgents),
        new("POST", "/api/v1/support/answers/", Access.SupportAgents),
        new("PUT", "/api/v1/support/answers/{id:guid}", Access.SupportAgents),
        new("DELETE", "/api/v1/support/answers/{id:guid}", Access.SupportAgents),
        new("GET", "/api/v1/support/accounts/", Access.SupportAgents),
        new("GET", "/api/v1/support/accounts/{id:guid}", Access.SupportAgents),
        new("POST", "/api/v1/support/accounts/{id:guid}/verification", Access.SupportAgents),
        new("POST", "/api/v1/support/accounts/{id:guid}/appointments", Access.SupportAgents),
        new("POST", "/api/v1/support/accounts/{id:guid}/appointments/{appointmentId:guid}/move", Access.SupportAgents),
        new("POST", "/api/v1/support/accounts/{id:guid}/appointments/{appointmentId:guid}/cancel", Access.SupportAgents),
        new("GET", "/api/v1/admin/disputes/", Access.Administrators),
        new("GET", "/api/v1/admin/disputes/{id:guid}", Access.Administrators),
        new("POST", "/api/v1/admin/disputes/{id:guid}/assign", Access.Administrators),
        new("POST", "/api/v1/admin/disputes/{id:guid}/questions", Access.Administrators),
        new("POST", "/api/v1/admin/disputes/{id:guid}/resolve", Access.Administrators),
        new("GET", "/api/v1/admin/disputes/{id:guid}/files/{fileId:guid}", Access.Administrators),

        // Reviews: patients rate their own completed visits (anyone else's is 404 inside); the reviewed doctor replies; anyone
        // reads a doctor's published reviews; administrators moderate.
        new("POST", "/api/v1/reviews/", Access.Patients),
        new("GET", "/api/v1/reviews/mine", Access.Patients),
        new("POST", "/api/v1/reviews/{id:guid}/withdraw", Access.Patients),
        new("GET", "/api/v1/reviews/about-me/", Access.ScheduleOwners),
        new("POST", "/api/v1/reviews/about-me/{id:guid}/reply", Access.ScheduleOwners),
        new("GET", "/api/v1/doctors/{doctorId:int}/reviews", Access.Anyone),
        new("GET", "/api/v1/admin/reviews/", Access.Administrators),
        new("GET", "/api/v1/admin/reviews/{id:guid}", Access.Administrators),
        new("POST", "/api/v1/admin/reviews/{id:guid}/approve", Access.Administrators),
        new("POST", "/api/v1/admin/reviews/{id:guid}/reject", Access.Administrators),
        // Messaging API: patient data; which conversations is ConversationAuthorizationHandler's (MessagingAuthorizationTests).
        new("GET", "/api/v1/conversations/", Access.PatientData),
        new("GET", "/api/v1/conversations/{id:guid}", Access.PatientData),
        new("POST", "/api/v1/conversations/", Access.PatientData),
        new("POST", "/api/v1/conversations/{id:guid}/messages", Access.PatientData),
        new("POST", "/api/v1/conversations/{id:guid}/messages/with-attachment", Access.PatientData),
        new("POST", "/api/v1/conversations/{id:guid}/close", Access.PatientData),
        new("GET", "/api/v1/conversations/{id:guid}/attachments/{attachmentId:guid}", Access.PatientData),

        // Help: the FAQ is public (published entries only); its administration is the admin area's.
        new("GET", "/api/v1/faq/", Access.Anyone),
        new("GET", "/api/v1/admin/faq/", Access.Administrators),
        new("POST", "/api/v1/admin/faq/", Access.Administrators),
        new("GET", "/api/v1/admin/faq/{id:int}", Access.Administrators),
        new("PUT", "/api/v1/admin/faq/{id:int}", Access.Administrators),
        new("DELETE", "/api/v1/admin/faq/{id:int}", Access.Administrators),
        new("GET", "/api/v1/admin/surveys/", Access.Administrators),
        new("GET", "/api/v1/admin/surveys/{id:int}/results", Access.Administrators),

        // Accounts API: signing up and in is public; "me" needs a session.
        new("POST", "/api/v1/auth/register", Access.Anyone),
        new("POST", "/api/v1/auth/register-doctor", Access.Anyone),
        new("POST", "/api/v1/auth/confirm-email", Access.Anyone),
        new("POST", "/api/v1/auth/verify-phone", Access.Anyone),
        new("POST", "/api/v1/auth/resend-phone-code", Access.Anyone),
        new("POST", "/api/v1/auth/forgot-password", Access.Anyone),
        new("POST", "/api/v1/auth/reset-password", Access.Anyone),
        new("POST", "/api/v1/auth/login", Access.Anyone, Quirk: Quirk.ChecksCredentials),
        new("POST", "/api/v1/auth/refresh", Access.Anyone, Quirk: Quirk.ChecksCredentials),
        new("GET", "/api/v1/me", Access.SignedIn),
        new("GET", "/api/v1/account/access-log", Access.Patients),
        // A person's rights over their own data (Features/Privacy): everyone exports their own; only patients erase themselves.
        new("GET", "/api/v1/account/export", Access.SignedIn),
        new("GET", "/api/v1/account/erasure", Access.Patients),
        new("POST", "/api/v1/account/erasure", Access.Patients),

        // Everyone's own consents (Features/Consents).
        new("GET", "/api/v1/account/consents/", Access.SignedIn),
        new("PUT", "/api/v1/account/consents/{purpose}", Access.SignedIn),
        new("DELETE", "/api/v1/account/consents/{purpose}", Access.SignedIn),

        // Public pages.
        new("GET", "/", Access.Anyone),
        new("GET", "/error", Access.Anyone),
        new("POST", "/error", Access.Anyone),
        new("GET", "/doctors", Access.Anyone),
        new("GET", "/language", Access.Anyone),
        // Help and the FAQ, for visitors and the signed in alike; a vote is one per account or browser (FaqTests).
        new("GET", "/help", Access.Anyone),
        new("GET", "/help/faq", Access.Anyone),
        new("POST", "/help/faq", Access.Anyone, Handler: "Vote"),
        // The step-by-step guides and their recorded media: public (GuideTests cover the media names it refuses).
        new("GET", "/help/guides", Access.Anyone),
        new("GET", "/help/guides/{slug}", Access.Anyone),
        new("GET", "/help/guides/media/{**name}", Access.Anyone),
        new("POST", "/language", Access.Anyone),
        new("GET", "/doctors/{id:int}", Access.Anyone),
        new("GET", "/account/register", Access.Anyone),
        new("POST", "/account/register", Access.Anyone),
        new("GET", "/account/register-doctor", Access.Anyone),
        new("POST", "/account/register-doctor", Access.Anyone),
        new("GET", "/account/verify-email", Access.Anyone),
        new("GET", "/account/verify-phone", Access.Anyone),
        new("POST", "/account/verify-phone", Access.Anyone),
        new("POST", "/account/verify-phone", Access.Anyone, Handler: "Resend"),
        new("GET", "/account/sign-in", Access.Anyone),
        new("POST", "/account/sign-in", Access.Anyone),
        // Without a pending password step this page sends everyone back to sign in, with no way back: not a refusal.
        new("GET", "/account/sign-in/two-factor", Access.Anyone),
        new("POST", "/account/sign-in/two-factor", Access.Anyone),
        new("GET", "/account/forgot-password", Access.Anyone),
        new("POST", "/account/forgot-password", Access.Anyone),
        new("GET", "/account/reset-password", Access.Anyone),
        new("POST", "/account/reset-password", Access.Anyone),
        new("GET", "/account/accept-invitation", Access.Anyone),
        new("POST", "/account/accept-invitation", Access.Anyone),
        new("GET", "/account/access-denied", Access.Anyone, Quirk: Quirk.IsTheRefusalPage),
        new("GET", "/account/sign-out", Access.Anyone),
        new("POST", "/account/sign-out", Access.Anyone, Handler: "Everywhere", Quirk: Quirk.EndsSession),
        new("POST", "/account/sign-out", Access.Anyone, Quirk: Quirk.EndsSession),

        // Account pages: anyone signed in.
        new("GET", "/account", Access.SignedIn),
        new("GET", "/account/profile", Access.SignedIn),
        new("POST", "/account/profile", Access.SignedIn),
        new("GET", "/account/two-factor", Access.SignedIn),
        new("POST", "/account/two-factor", Access.SignedIn),

        // A patient's own access log.
        new("GET", "/account/access-log", Access.Patients),

        // Your data (Art. 15/20) and erasure (Art. 17); the administrators' list of erasure requests.
        new("GET", "/account/data", Access.SignedIn),
        new("GET", "/account/data/export.json", Access.SignedIn),
        new("GET", "/account/data/erase", Access.Patients),
        new("POST", "/account/data/erase", Access.Patients),
        new("GET", "/admin/privacy/erasures", Access.Administrators),
        new("POST", "/admin/privacy/erasures", Access.Administrators, Handler: "Complete"),
        // The privacy notice for everyone; each person's own consents and the re-consent step (Features/Consents).
        new("GET", "/privacy", Access.Anyone),
        new("GET", "/account/privacy", Access.SignedIn),
        new("POST", "/account/privacy", Access.SignedIn, Handler: "Give"),
        new("POST", "/account/privacy", Access.SignedIn, Handler: "Withdraw"),
        new("GET", "/account/privacy/review", Access.SignedIn),
        new("POST", "/account/privacy/review", Access.SignedIn),

        // Booking pages. GET /appointments/hold only sends people to the directory.
        new("GET", "/appointments/hold", Access.Anyone),
        new("POST", "/appointments/hold", Access.Patients, Quirk: Quirk.RefusesOnThePage),
        new("GET", "/appointments/confirm/{holdId:guid}", Access.Patients),
        new("POST", "/appointments/confirm/{holdId:guid}", Access.Patients),

        // Appointment pages: patient data. Until the known defect is fixed, refusals are bare 401/403.
        new("GET", "/appointments", Access.PatientData),
        new("GET", "/appointments/{id:guid}", Access.PatientData),
        new("POST", "/appointments/{id:guid}", Access.PatientData, Handler: "Cancel"),
        new("POST", "/appointments/{id:guid}", Access.PatientData, Handler: "Status"),
        new("GET", "/appointments/{id:guid}/reschedule", Access.PatientData),
        new("POST", "/appointments/{id:guid}/reschedule", Access.PatientData),

        // Messaging pages and the live-update hub: patient data, per conversation as the API.
        new("GET", "/messages", Access.PatientData),
        new("GET", "/messages/new", Access.PatientData),
        new("POST", "/messages/new", Access.PatientData),
        new("GET", "/messages/{id:guid}", Access.PatientData),
        new("GET", "/messages/{id:guid}", Access.PatientData, Handler: "Messages"),
        new("POST", "/messages/{id:guid}", Access.PatientData, Handler: "Send"),
        new("POST", "/messages/{id:guid}", Access.PatientData, Handler: "Close"),
        new("GET", "/messages/{id:guid}/attachments/{attachmentId:guid}", Access.PatientData),
        // Disputes: a party's own (anyone else's is 404 inside); administrators read them and their files too.
        new("GET", "/help/tickets", Access.SignedIn),
        new("GET", "/help/tickets/new", Access.Anyone),
        new("POST", "/help/tickets/new", Access.Anyone),
        // A survey is answered through its e-mailed link without signing in: the token is the key (SurveyTests).
        new("GET", "/surveys/{token}", Access.Anyone),
        new("POST", "/surveys/{token}", Access.Anyone),
        new("GET", "/surveys/thanks", Access.Anyone),
        new("GET", "/help/tickets/{id:long}", Access.Anyone),
        new("GET", "/help/tickets/{id:long}/files/{fileId:guid}", Access.Anyone),
        new("POST", "/help/tickets/{id:long}", Access.Anyone),
        // Live chat: a signed-in customer's kept chats (anyone else's is 404 inside); the agents' console and transcripts.
        new("GET", "/help/chats", Access.SignedIn),
        new("GET", "/help/chats/{id:long}", Access.SignedIn),
        new("GET", "/support/chat", Access.SupportAgents),
        new("POST", "/support/chat", Access.SupportAgents, Handler: "Available"),
        new("POST", "/support/chat", Access.SupportAgents, Handler: "Away"),
        new("GET", "/support/chat/{id:long}", Access.SupportAgents),
        new("GET", "/support", Access.SupportAgents),
        new("GET", "/support/tickets/{id:long}", Access.SupportAgents),
        new("GET", "/support/tickets/{id:long}/files/{fileId:guid}", Access.SupportAgents),
        new("POST", "/support/tickets/{id:long}", Access.SupportAgents, Handler: "Answer"),
        new("POST", "/support/tickets/{id:long}", Access.SupportAgents, Handler: "Update"),
        new("GET", "/support/answers", Access.SupportAgents),
        new("POST", "/support/answers", Access.SupportAgents),
        new("POST", "/support/answers", Access.SupportAgents, Handler: "Delete"),
        new("GET", "/support/accounts", Access.SupportAgents),
        new("GET", "/support/accounts/{id:guid}", Access.SupportAgents),
        new("POST", "/support/accounts/{id:guid}", Access.SupportAgents, Handler: "Verification"),
        new("POST", "/support/accounts/{id:guid}", Access.SupportAgents, Handler: "Cancel"),
        new("GET", "/support/accounts/{id:guid}/book/{doctor:int?}", Access.SupportAgents),
        new("POST", "/support/accounts/{id:guid}/book/{doctor:int?}", Access.SupportAgents),
        new("GET", "/support/accounts/{id:guid}/appointments/{appointmentId:guid}/move", Access.SupportAgents),
        new("POST", "/support/accounts/{id:guid}/appointments/{appointmentId:guid}/move", Access.SupportAgents),
        new("GET", "/disputes", Access.PatientData),
        new("GET", "/disputes/new", Access.PatientData),
        new("POST", "/disputes/new", Access.PatientData),
        new("GET", "/disputes/{id:guid}", Access.PatientData),
        new("POST", "/disputes/{id:guid}", Access.PatientData, Handler: "Statement"),
        new("POST", "/disputes/{id:guid}", Access.PatientData, Handler: "Withdraw"),
        new("GET", "/disputes/{id:guid}/files/{fileId:guid}", Access.PatientData),
        // Reviews: the patient's rating form (their own completed visit, else 404 inside); "my reviews" for patients, and for
        // doctors the reviews of them with the reply form (both through the same page, by role).
        new("GET", "/appointments/{id:guid}/review", Access.Patients),
        new("POST", "/appointments/{id:guid}/review", Access.Patients),
        new("GET", "/account/reviews", Access.PatientData),
        new("POST", "/account/reviews", Access.PatientData, Handler: "Withdraw"),
        new("POST", "/account/reviews", Access.PatientData, Handler: "Reply"),
        // SignalR maps the hub for every method; which conversation a connection may follow is the Join method's (the handler's).
        new("*", "/hubs/messages", Access.PatientData),
        new("*", "/hubs/messages/negotiate", Access.PatientData),
        // The live chat's hub is everyone's (visitors chat too); its agent methods need the SupportAgent policy per method,
        // which LiveChatHubTests check with a real client, as they check that a connection reads only its own chat.
        new("*", "/hubs/chat", Access.Anyone),
        new("*", "/hubs/chat/negotiate", Access.Anyone),

        // Doctors' own pages.
        new("GET", "/account/doctor-profile", Access.Doctors),
        new("POST", "/account/doctor-profile", Access.Doctors),
        new("POST", "/account/doctor-profile", Access.Doctors, Handler: "Answer"),
        new("GET", "/account/schedule", Access.ScheduleOwners),
        new("POST", "/account/schedule", Access.ScheduleOwners, Handler: "WeeklyHours"),
        new("POST", "/account/schedule", Access.ScheduleOwners, Handler: "AddTimeOff"),
        new("POST", "/account/schedule", Access.ScheduleOwners, Handler: "RemoveTimeOff"),
        new("POST", "/account/schedule", Access.ScheduleOwners, Handler: "AddExtraHours"),
        new("POST", "/account/schedule", Access.ScheduleOwners, Handler: "RemoveExtraHours"),
        new("POST", "/account/schedule", Access.ScheduleOwners, Handler: "AddType"),
        new("POST", "/account/schedule", Access.ScheduleOwners, Handler: "RetireType"),
        new("POST", "/account/schedule", Access.ScheduleOwners, Handler: "BookingRules"),
        new("GET", "/account/schedule/appointment-types/{id:int}", Access.ScheduleOwners),
        new("POST", "/account/schedule/appointment-types/{id:int}", Access.ScheduleOwners),
        new("GET", "/account/schedule/absence", Access.ScheduleOwners),
        new("POST", "/account/schedule/absence", Access.ScheduleOwners, Handler: "Record"),
        new("POST", "/account/schedule/absence", Access.ScheduleOwners, Handler: "Resolve"),

        // Medical record pages: the resource decides (RecordsAccessMatrixTests).
        new("GET", "/records", Access.Patients),
        new("GET", "/records", Access.Patients, Handler: "Export"),
        new("GET", "/records/print", Access.Patients),
        new("GET", "/records/new", Access.Patients),
        new("POST", "/records/new", Access.Patients),
        new("GET", "/records/{id:guid}", Access.Records),
        new("GET", "/records/{id:guid}/amend", Access.Records),
        new("POST", "/records/{id:guid}/amend", Access.Records),
        new("GET", "/appointments/{id:guid}/note", Access.Records),
        new("POST", "/appointments/{id:guid}/note", Access.Records),
        new("GET", "/patients/{patientId:guid}/chart", Access.Records),
        new("POST", "/patients/{patientId:guid}/chart", Access.Records, Handler: "AddEntry"),
        new("GET", "/doctor/patients", Access.ScheduleOwners),
        new("GET", "/doctor/visits", Access.ScheduleOwners),
        new("GET", "/admin/break-glass", Access.Administrators),
        new("POST", "/admin/break-glass", Access.Administrators),

        // Administration.
        new("GET", "/admin", Access.Administrators),
        new("GET", "/admin/dashboard", Access.Administrators),
        new("GET", "/admin/dashboard", Access.Administrators, Handler: "Figures"),
        new("GET", "/admin/doctors/pending", Access.Administrators),
        new("GET", "/admin/doctors/pending/{id:int}", Access.Administrators),
        new("POST", "/admin/doctors/pending/{id:int}", Access.Administrators, Handler: "Approve"),
        new("POST", "/admin/doctors/pending/{id:int}", Access.Administrators, Handler: "Reject"),
        new("POST", "/admin/doctors/pending/{id:int}", Access.Administrators, Handler: "Ask"),
        new("GET", "/admin/problems", Access.Administrators),
        new("GET", "/admin/backups", Access.Administrators),
        new("POST", "/admin/backups", Access.Administrators),
        new("GET", "/admin/compliance", Access.Administrators),
        new("GET", "/admin/compliance/sub-processors", Access.Administrators),
        new("GET", "/admin/deliveries", Access.Administrators),
        new("POST", "/admin/deliveries", Access.Administrators, Handler: "Retry"),
        new("GET", "/admin/faq", Access.Administrators),
        new("GET", "/admin/faq/new", Access.Administrators),
        new("POST", "/admin/faq/new", Access.Administrators),
        new("POST", "/admin/faq/new", Access.Administrators, Handler: "Preview"),
        new("GET", "/admin/faq/{id:int}", Access.Administrators),
        new("POST", "/admin/faq/{id:int}", Access.Administrators),
        new("POST", "/admin/faq/{id:int}", Access.Administrators, Handler: "Preview"),
        new("POST", "/admin/faq/{id:int}", Access.Administrators, Handler: "Delete"),
        new("GET", "/admin/disputes", Access.Administrators),
        new("GET", "/admin/disputes/{id:guid}", Access.Administrators),
        new("POST", "/admin/disputes/{id:guid}", Access.Administrators, Handler: "Assign"),
        new("POST", "/admin/disputes/{id:guid}", Access.Administrators, Handler: "Ask"),
        new("POST", "/admin/disputes/{id:guid}", Access.Administrators, Handler: "Resolve"),
        new("GET", "/admin/reviews", Access.Administrators),
        new("GET", "/admin/reviews/{id:guid}", Access.Administrators),
        new("POST", "/admin/reviews/{id:guid}", Access.Administrators, Handler: "Approve"),
        new("POST", "/admin/reviews/{id:guid}", Access.Administrators, Handler: "Reject"),
        new("GET", "/admin/surveys", Access.Administrators),
        new("GET", "/admin/surveys/new", Access.Administrators),
        new("POST", "/admin/surveys/new", Access.Administrators),
        new("GET", "/admin/surveys/{id:int}", Access.Administrators),
        new("POST", "/admin/surveys/{id:int}", Access.Administrators),
        new("POST", "/admin/surveys/{id:int}", Access.Administrators, Handler: "Open"),
        new("POST", "/admin/surveys/{id:int}", Access.Administrators, Handler: "Send"),
        new("POST", "/admin/surveys/{id:int}", Access.Administrators, Handler: "Close"),
        new("GET", "/admin/surveys/{id:int}/results", Access.Administrators),
        new("GET", "/admin/surveys/{id:int}/results.csv", Access.Administrators),
        new("GET", "/admin/audit", Access.Administrators),
        new("GET", "/admin/audit", Access.Administrators, Handler: "Export"),
        new("POST", "/admin/audit", Access.Administrators, Handler: "Verify"),
        new("GET", "/admin/clinics", Access.Administrators),
        new("GET", "/admin/appointments", Access.Administrators),
        new("GET", "/admin/appointments/{id:guid}", Access.Administrators),
        new("POST", "/admin/appointments/{id:guid}", Access.Administrators, Handler: "Move"),
        new("POST", "/admin/appointments/{id:guid}", Access.Administrators, Handler: "Cancel"),
        new("GET", "/admin/doctors/{id:int}/absence", Access.Administrators),
        new("POST", "/admin/doctors/{id:int}/absence", Access.Administrators, Handler: "Record"),
        new("POST", "/admin/doctors/{id:int}/absence", Access.Administrators, Handler: "Resolve"),
        new("GET", "/admin/clinics/new", Access.Administrators),
        new("POST", "/admin/clinics/new", Access.Administrators),
        new("GET", "/admin/clinics/{id:int}", Access.Administrators),
        new("POST", "/admin/clinics/{id:int}", Access.Administrators),
        new("POST", "/admin/clinics/{id:int}", Access.Administrators, Handler: "Retire"),
        new("POST", "/admin/clinics/{id:int}", Access.Administrators, Handler: "Reinstate"),
        new("POST", "/admin/clinics/{id:int}", Access.Administrators, Handler: "Assign"),
        new("POST", "/admin/clinics/{id:int}", Access.Administrators, Handler: "Unassign"),
        new("GET", "/admin/calendar/clinics/{id:int}", Access.Administrators),
        new("GET", "/admin/calendar/doctors/{id:int}", Access.Administrators),
        new("GET", "/admin/specialties", Access.Administrators),
        new("POST", "/admin/specialties", Access.Administrators),
        new("POST", "/admin/specialties", Access.Administrators, Handler: "Rename"),
        new("POST", "/admin/specialties", Access.Administrators, Handler: "Remove"),
        new("GET", "/admin/accounts", Access.Administrators),
        new("GET", "/admin/accounts/{id:guid}", Access.Administrators),
        new("POST", "/admin/accounts/{id:guid}", Access.Administrators, Handler: "Suspend"),
        new("POST", "/admin/accounts/{id:guid}", Access.Administrators, Handler: "Reactivate"),
        new("POST", "/admin/accounts/{id:guid}", Access.Administrators, Handler: "ForcePasswordReset"),
        new("POST", "/admin/accounts/{id:guid}", Access.Administrators, Handler: "ResetTwoFactor"),
        new("GET", "/admin/accounts/invite", Access.Administrators),
        new("POST", "/admin/accounts/invite", Access.Administrators),
    ];

    public static readonly IReadOnlyList<Exclusion> Exclusions =
    [
        new("static files", e => e.Metadata.GetMetadata<StaticAssetDescriptor>() is not null || e.RoutePattern.RawText == "{**path:file}",
            "wwwroot files (and the framework's fallback to them): public by nature, no application code runs."),
        new("/health/*", e => e.RoutePattern.RawText?.StartsWith("/health/", StringComparison.Ordinal) == true,
            "Probes for the orchestrator and load balancer, anonymous by design and free of data; HealthTests covers them."),
        new("/metrics", e => e.RoutePattern.RawText == "/metrics",
            "Prometheus's scrape: admins with a second factor or Observability:MetricsNetworks, and 404 to everyone else, an admin "
            + "without the second factor too (a scraper has no page to be sent to); MetricsTests covers it."),
        new("/openapi/*", e => e.RoutePattern.RawText?.StartsWith("/openapi/", StringComparison.Ordinal) == true,
            "The API's public description; OpenApiTests covers it."),
        new("/api/docs*", e => e.RoutePattern.RawText?.StartsWith("/api/docs", StringComparison.Ordinal) == true,
            "Scalar's API reference, public documentation; OpenApiTests covers it."),
        new("/dev/mailbox", e => e.RoutePattern.RawText?.StartsWith("dev/mailbox", StringComparison.Ordinal) == true,
            "Development only: it answers 404 in every other environment; DevMailboxPageTests covers both."),
    ];
}
