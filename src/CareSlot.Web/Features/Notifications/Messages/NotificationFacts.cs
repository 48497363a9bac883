using CareSlot.Scheduling;
using CareSlot.Web.Features.Schedules;
using NodaTime;

namespace CareSlot.Web.Features.Notifications.Messages;

/// <summary>Which message to write; with the channel it picks the template.</summary>
public enum NotificationTemplate
{
    /// <summary>The patient's booking, requested or (with auto-confirm) confirmed.</summary>
    PatientBooked,

    /// <summary>The doctor confirmed a requested booking.</summary>
    PatientConfirmed,
    PatientRescheduled,
    PatientCancelled,

    /// <summary>The doctor marked the visit as missed.</summary>
    PatientNoShow,

    /// <summary>24 h before by e-mail, 2 h before by SMS.</summary>
    PatientReminder,
    DoctorBooked,
    DoctorRescheduled,
    DoctorCancelled,

    /// <summary>Account messages: written by the account features when queued, sent as they are.</summary>
    AccountEmailVerification,
    AccountPhoneCode,
    AccountPasswordReset,

    /// <summary>An administrator invited a staff member: the link sets their first password.</summary>
    AccountStaffInvitation,

    /// <summary>An administrator turned the account's two-factor off: the link sets it up again.</summary>
    AccountTwoFactorReset,

    /// <summary>The person's account is erased; which medical records are kept, restricted, and until when (Features/Privacy).</summary>
    AccountErasureConfirmation,

    /// <summary>An administrator's decision on a doctor's registration, or their question; written with its words when queued.</summary>
    DoctorRegistrationApproved,
    DoctorRegistrationRejected,
    DoctorRegistrationQuestion,

    /// <summary>"You have a new message from …": written when queued, by messaging; never the message itself.</summary>
    NewMessage,

    /// <summary>
    /// To the doctor an administrator moved a visit away from, to a colleague: written when queued, as the visit's own
    /// messages follow it to the colleague.
    /// </summary>
    DoctorHandedOver,
    /// <summary>"There is news in a dispute about an appointment": written when queued, by disputes; never what anyone wrote.</summary>
    DisputeUpdate,

    /// <summary>A help-desk request received, or an agent's answer to it (with the answer's words): written when queued, by the help desk.</summary>
    SupportTicketUpdate,

    /// <summary>A review was approved or rejected (to its patient), or published (to its doctor): written when queued, by reviews.</summary>
    ReviewUpdate,

    /// <summary>An invitation to answer a survey through its signed link: written when queued, by surveys; never any answer.</summary>
    SurveyInvitation,
}

/// <summary>What happened to a review, as a notice reports it.</summary>
public enum ReviewNotice
{
    /// <summary>To the patient: their review is on the doctor's profile.</summary>
    Approved,

    /// <summary>To the patient: their review will not be published.</summary>
    Rejected,

    /// <summary>To the doctor: a review of them is on their profile.</summary>
    Published,
}

/// <summary>The step of a dispute a notice reports.</summary>
public enum DisputeNotice
{
    Opened,
    Statement,
    Assigned,
    Question,
    Resolved,
    Withdrawn,
}

public enum NotificationChannel
{
    Email,
    Sms,
}

/// <param name="AddressLine">Street and number.</param>
/// <param name="Phone">Whom to call: the clinic's desk.</param>
public sealed record ClinicFacts(string Name, string AddressLine, string City, string Postcode, string Phone, DateTimeZone Zone);

/// <summary>
/// Everything a message about one appointment may say, read when it is sent. The change it reports
/// (<paramref name="Version"/>, who made it, why, where it was before) was fixed when it was queued.
/// </summary>
/// <param name="Version">The appointment's version after the change this message reports: the calendar SEQUENCE.</param>
/// <param name="Status">The appointment's status now.</param>
/// <param name="PreviousStart">For a reschedule, the start before the move.</param>
/// <param name="ChangedBy">Who made the change reported.</param>
/// <param name="ChangeReason">The reason given for a cancellation or move, if any. Never logged.</param>
/// <param name="ManageLink">The page where the recipient sees and changes the appointment.</param>
public sealed record AppointmentFacts(
    Guid AppointmentId,
    int Version,
    AppointmentStatus Status,
    Instant Start,
    Instant End,
    string AppointmentTypeName,
    VisitMode Mode,
    string DoctorName,
    ClinicFacts Clinic,
    string PatientName,
    Instant? PreviousStart,
    Actor ChangedBy,
    string? ChangeReason,
    Uri ManageLink);

/// <param name="Address">An e-mail address for e-mail, an E.164 number for SMS.</param>
/// <param name="Culture">The recipient's preferred language, e.g. <c>en</c>.</param>
public sealed record Recipient(string Name, string Address, string Culture);

public static class TemplateAudience
{
    /// <summary>Doctor messages go to the doctor's account; all others to the patient.</summary>
    public static bool IsForDoctor(this NotificationTemplate template) =>
        template is NotificationTemplate.DoctorBooked or NotificationTemplate.DoctorCancelled or NotificationTemplate.DoctorRescheduled;

    /// <summary>About the account, not an appointment: queued already written, by the account features.</summary>
    public static bool IsAccountMessage(this NotificationTemplate template) =>
        template is NotificationTemplate.AccountEmailVerification or NotificationTemplate.AccountPhoneCode or NotificationTemplate.AccountPasswordReset
            or NotificationTemplate.AccountStaffInvitation or NotificationTemplate.AccountTwoFactorReset
            or NotificationTemplate.DoctorRegistrationApproved or NotificationTemplate.DoctorRegistrationRejected
            or NotificationTemplate.DoctorRegistrationQuestion
            or NotificationTemplate.AccountErasureConfirmation;

    /// <summary>Written by the feature that queues it and sent as it is (account messages, new-message notices), not rendered from an appointment.</summary>
    public static bool IsWrittenWhenQueued(this NotificationTemplate template) =>
        template.IsAccountMessage() || template is NotificationTemplate.NewMessage or NotificationTemplate.DoctorHandedOver
            or NotificationTemplate.DisputeUpdate or NotificationTemplate.SupportTicketUpdate or NotificationTemplate.ReviewUpdate
            or NotificationTemplate.SurveyInvitation;
}
