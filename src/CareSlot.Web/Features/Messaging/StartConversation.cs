using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Platform.Security.Encryption;
using CareSlot.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Messaging;

/// <param name="DoctorId">Whom a patient writes to.</param>
/// <param name="PatientId">Whom a doctor writes to: the patient's id (a Guid, as text, so a malformed one is named like any other field).</param>
/// <param name="AppointmentId">Optional: the visit the conversation is about, one of the two's appointments together (a Guid, as text).</param>
public sealed record StartConversationRequest(int? DoctorId, string? PatientId, string? AppointmentId, string? Subject,
    [property: DataType(DataType.MultilineText)] string? Body);

/// <summary>
/// A patient starts a conversation with a doctor who cares for them, or a doctor with one of their patients, with a first
/// message. Whether they may is <see cref="ConversationAuthorizationHandler"/>'s <see cref="MessagingOperations.Send"/> on
/// the conversation about to be made, so starting follows the same rules as writing.
/// </summary>
public sealed class StartConversation(CareSlotDb db, SendMessage send, FieldProtector protector, IAuthorizationService authorization, AuditTrail audit,
    IClock clock, IStringLocalizer<MessagingText> text, IStringLocalizer<WebText> words)
{
    public async Task<Outcome<Conversation>> HandleAsync(ClaimsPrincipal user, StartConversationRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var viewer = await Viewer.FromAsync(user, db, ct);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        TextInspector.AddProblems(request, errors, words);
        var subject = request.Subject?.Trim() ?? "";
        if (!errors.ContainsKey("subject"))
        {
            if (subject.Length == 0) errors["subject"] = [text["Say what the conversation is about."]];
            else if (subject.Length > Conversation.SubjectMaxLength) errors["subject"] = [text["Keep the subject under {0} characters.", Conversation.SubjectMaxLength]];
        }
        if (SendMessage.Validate(new SendMessageRequest(request.Body), null, text, words) is { Errors: { } bodyErrors })
        {
            foreach (var (field, messages) in bodyErrors) errors.TryAdd(field, messages);
        }

        Guid? appointmentId = null;
        if (!string.IsNullOrWhiteSpace(request.AppointmentId))
        {
            if (Guid.TryParse(request.AppointmentId, out var parsedAppointment)) appointmentId = parsedAppointment;
            else errors.TryAdd("appointmentId", [text["Choose one of your appointments with each other, or none."]]);
        }
        int? doctorId = null;
        Guid? patientId = null;
        string whom;
        switch (viewer)
        {
            case { Actor: Actor.Patient }:
                whom = "doctorId";
                patientId = viewer.AccountId;
                if (request.DoctorId is null) errors.TryAdd(whom, [text["Choose the doctor to write to."]]);
                doctorId = request.DoctorId;
                break;
            case { Actor: Actor.Doctor }:
                whom = "patientId";
                doctorId = viewer.DoctorId;
                if (Guid.TryParse(request.PatientId, out var parsedPatient)) patientId = parsedPatient;
                else errors.TryAdd(whom, [text["Choose the patient to write to."]]);
                break;
            default:
                // Administrators read by break-glass; they never write. Support never sees conversations.
                await audit.RecordAsync(new AuditEvent(AuditActions.MessageWrite, AuditOutcome.Refused, Record: "new conversation"), ct);
                return MessagingProblems.NotFound(text);
        }
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);

        var id = Guid.CreateVersion7();
        var conversation = new Conversation(id, patientId!.Value, doctorId!.Value, appointmentId,
            protector.Seal(subject, id, ConversationQueries.SubjectColumn), clock.GetCurrentInstant());
        var knownDoctor = await db.Doctors.AnyAsync(d => d.Id == doctorId, ct);
        if (!knownDoctor || !(await authorization.AuthorizeAsync(user, conversation, MessagingOperations.Send)).Succeeded)
        {
            await audit.RecordAsync(new AuditEvent(AuditActions.MessageWrite, AuditOutcome.Refused, PatientId: patientId, Record: "new conversation"), ct);
            return UseCaseProblem.Invalid(whom, viewer.Actor == Actor.Patient
                ? text["You can write only to a doctor who cares for you: one you have an upcoming or recent appointment with."]
                : text["You can write only to a patient you care for: one with an upcoming or recent appointment with you."]);
        }
        if (appointmentId is not null
            && !await db.Appointments.AnyAsync(a => a.Id == appointmentId && a.DoctorId == doctorId && a.PatientId == patientId, ct))
        {
            return UseCaseProblem.Invalid("appointmentId", text["Choose one of your appointments with each other, or none."]);
        }

        db.Conversations.Add(conversation);
        await send.AddAsync(viewer, conversation, request.Body, null, ct);
        return new Outcome<Conversation>(conversation, null);
    }
}
