namespace CareSlot.Web.Platform.Security.Audit;

/// <summary>
/// The actions the trail knows, by name. Clinical ones are "kind.verb" (read, write): the patient's access view
/// describes them by these two parts (Features/Accounts/AccessLog), so a new kind needs a text there.
/// </summary>
public static class AuditActions
{
    public const string HistoryRead = "history.read";
    public const string HistoryWrite = "history.write";

    /// <summary>A new version of a history entry, with the reason for it.</summary>
    public const string HistoryAmend = "history.amend";

    /// <summary>The patient downloaded their whole record.</summary>
    public const string HistoryExport = "history.export";
    public const string NoteRead = "note.read";
    public const string NoteWrite = "note.write";
    public const string MessageRead = "message.read";
    public const string MessageWrite = "message.write";
    public const string AttachmentRead = "attachment.read";
    public const string AttachmentWrite = "attachment.write";
    public const string ReasonRead = "reason.read";
    public const string ReasonWrite = "reason.write";
    public const string BreakGlassOpen = "break-glass.open";

    /// <summary>A password sign-in, or its second step, let someone in. The actor is the account.</summary>
    public const string SignInSucceeded = "sign-in.succeeded";

    /// <summary>Wrong password (Failed), an unknown address (Failed, no actor), a locked or unverified account (Refused).</summary>
    public const string SignInFailed = "sign-in.failed";

    /// <summary>A wrong authenticator or recovery code after the right password.</summary>
    public const string TwoFactorSignInFailed = "two-factor.sign-in-failed";

    /// <summary>Failures reached the limit: the account is locked (written besides the failure that did it).</summary>
    public const string LockedOut = "account.locked-out";

    public const string TwoFactorEnabled = "two-factor.enabled";
    public const string TwoFactorDisabled = "two-factor.disabled";
    public const string RecoveryCodesGenerated = "two-factor.recovery-codes-generated";
    public const string PasswordResetRequested = "password-reset.requested";
    public const string PasswordResetCompleted = "password-reset.completed";
    public const string PasswordChanged = "password.changed";

    /// <summary>An account got a role (registration, create-admin); the record names the account and the role.</summary>
    public const string RoleGranted = "role.granted";

    public const string RoleRevoked = "role.revoked";

    /// <summary>An administrator listed a registered doctor: they may now see patients.</summary>
    public const string DoctorApproved = "doctor.approved";

    /// <summary>An administrator rejected a registered doctor, with a reason kept in DoctorDecisions (not here: free text).</summary>
    public const string DoctorRejected = "doctor.rejected";

    /// <summary>An administrator asked a registered doctor a question before deciding.</summary>
    public const string DoctorInformationRequested = "doctor.info-requested";

    /// <summary>An administrator downloaded rows of the trail as CSV; the record describes the filter (ids and times, no names).</summary>
    public const string AuditExported = "audit.exported";

    /// <summary>An administrator checked the chains from the admin page or API; the record says what it found.</summary>
    public const string AuditVerified = "audit.verified";
    // Administrators set up the directory (Features/Admin/Clinics); the record names the clinic, doctor or specialty by id.
    public const string ClinicCreated = "clinic.created";
    public const string ClinicUpdated = "clinic.updated";
    public const string ClinicRetired = "clinic.retired";
    public const string ClinicReinstated = "clinic.reinstated";
    public const string ClinicDoctorAssigned = "clinic.doctor-assigned";
    public const string ClinicDoctorUnassigned = "clinic.doctor-unassigned";
    public const string SpecialtyCreated = "specialty.created";
    public const string SpecialtyRenamed = "specialty.renamed";
    public const string SpecialtyRemoved = "specialty.removed";
    /// <summary>An administrator suspended an account: its sessions end at once and it cannot sign in.</summary>
    public const string AccountSuspended = "account.suspended";

    public const string AccountReactivated = "account.reactivated";

    /// <summary>An administrator made the account's password stop working and sent it a reset link.</summary>
    public const string PasswordResetForced = "account.password-reset-forced";

    /// <summary>An administrator turned two-factor off after checking who asked; recovery codes gone, sessions ended.</summary>
    public const string TwoFactorReset = "account.two-factor-reset";

    /// <summary>An administrator invited a staff member (an account without a password, and a link to set one).</summary>
    public const string StaffInvited = "staff.invited";

    /// <summary>The invited staff member set their password through the link.</summary>
    public const string StaffInvitationAccepted = "staff.invitation-accepted";

    // Administrators oversee the schedules (Features/Admin/Schedule); the record names the appointment or doctor by id and on whose
    // behalf the administrator acted.
    /// <summary>An administrator cancelled an appointment on behalf of its patient or doctor, with a reason the patient is sent.</summary>
    public const string AppointmentCancelledByAdmin = "appointment.cancelled-by-admin";

    /// <summary>An administrator moved an appointment (to another time, or to a colleague) on behalf of its patient or doctor.</summary>
    public const string AppointmentMovedByAdmin = "appointment.moved-by-admin";

    /// <summary>An administrator marked days off for an absent doctor; the appointments inside stay booked until moved or cancelled.</summary>
    public const string DoctorAbsenceRecorded = "doctor.absence-recorded";
    // Disputes about appointments (Features/Disputes); the record names the dispute by id, never what anyone wrote.
    public const string DisputeOpened = "dispute.opened";
    public const string DisputeStatementAdded = "dispute.statement-added";
    public const string DisputeWithdrawn = "dispute.withdrawn";
    public const string DisputeAssigned = "dispute.assigned";
    public const string DisputeQuestionAsked = "dispute.question-asked";

    /// <summary>An administrator resolved a dispute; when it cleared a no-show, the record says so.</summary>
    public const string DisputeResolved = "dispute.resolved";

    /// <summary>An administrator read a dispute's statements (their job, recorded all the same).</summary>
    public const string DisputeRead = "dispute.read";

    public const string DisputeFileRead = "dispute.file-read";

    // Reviews of doctors (Features/Reviews); the record names the review by id, never its words or the reason.
    /// <summary>An administrator published a review on the doctor's profile.</summary>
    public const string ReviewApproved = "review.approved";

    /// <summary>An administrator refused a review (with or without a reason).</summary>
    public const string ReviewRejected = "review.rejected";

    // Administrators edit the FAQ (Features/Help, Features/Admin/Faq); the record names the entry by id and language.
    public const string FaqEntryCreated = "faq.created";
    public const string FaqEntryUpdated = "faq.updated";
    public const string FaqEntryDeleted = "faq.deleted";

    // The help desk's agents (Features/HelpDesk); the record names the request by number, never its words. Requests may hold
    // health information people chose to tell support, so agents' reads are recorded as administrators' reads of disputes are.
    public const string TicketRead = "ticket.read";
    public const string TicketAnswered = "ticket.answered";
    public const string TicketNoted = "ticket.noted";
    public const string TicketUpdated = "ticket.updated";
    public const string TicketFileRead = "ticket.file-read";

    // Support acting for the people who ask (Features/HelpDesk, SupportOperations): a look at an account ("account ID") and what
    // was done for it; changes to an appointment name it ("appointment ID") and commit with the change.
    public const string SupportAccountRead = "support.account-read";
    public const string SupportVerificationResent = "support.verification-resent";
    public const string SupportAppointmentBooked = "support.appointment-booked";
    public const string SupportAppointmentMoved = "support.appointment-moved";
    public const string SupportAppointmentCancelled = "support.appointment-cancelled";

    // The live chat's agents (Features/LiveChat) reading a kept transcript; the record names the chat by number.
    public const string ChatTranscriptRead = "chat.read";

    // Administrators' surveys (Features/Surveys, Features/Admin/Surveys); the record names the survey by id, never an answer.
    public const string SurveyCreated = "survey.created";
    public const string SurveyUpdated = "survey.updated";
    public const string SurveyOpened = "survey.opened";
    public const string SurveyClosed = "survey.closed";

    /// <summary>An administrator sent a survey to its group; the record names the survey and how many were invited.</summary>
    public const string SurveySent = "survey.sent";

    /// <summary>An administrator backed the database up from the backups page; the record names the file.</summary>
    public const string BackupCreated = "backup.created";

    // Retention (Features/Retention): the daily job or the `retention` command removed rows past their period; one row per
    // kind that lost rows, naming the kind and the count, never what the rows held.
    public const string RetentionPurged = "retention.purged";

    /// <summary>An operator listed the people a breach may have touched (`breach-report`); the record names the window and the kind.</summary>
    public const string BreachReported = "breach.reported";

    // A person's rights over their data (Features/Privacy). The export is a read of their own health information, recorded
    // with them as the patient; erasure records name the request by id, never the person's name.
    /// <summary>The person downloaded or viewed everything CareSlot holds about them (GDPR Art. 15/20).</summary>
    public const string PrivacyExport = "privacy.export";

    /// <summary>A person asked to erase their account (Allowed), or gave the wrong password for it (Refused).</summary>
    public const string ErasureRequested = "erasure.requested";

    /// <summary>An open dispute or help-desk ticket holds the request until an administrator completes it.</summary>
    public const string ErasureHeld = "erasure.held";

    /// <summary>The account is anonymised and its sessions ended; kept medical records are restricted.</summary>
    public const string ErasureCompleted = "erasure.completed";
    /// <summary>A person gave consent to one purpose; the record names the purpose, the notice version and where (no content).</summary>
    public const string ConsentGiven = "consent.given";

    /// <summary>A person withdrew consent to one purpose, or objected to it (Art. 7(3), 21).</summary>
    public const string ConsentWithdrawn = "consent.withdrawn";
}
