using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Messaging;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Features.Disputes;

/// <param name="Kind">contested-no-show, late-cancellation, conduct, billing or other.</param>
public sealed record OpenDisputeRequest(Guid? AppointmentId, string? Kind, [property: DataType(DataType.MultilineText)] string? Statement);

/// <summary>
/// The patient or the doctor of an appointment opens a dispute about it, with a first statement (and a file). Anyone else's
/// appointment answers 404; a second dispute while one is in progress, 409; a contested no-show needs a no-show.
/// </summary>
public sealed class OpenDispute(DisputeWork work)
{
    public async Task<Outcome<Dispute>> HandleAsync(ClaimsPrincipal user, OpenDisputeRequest request, AttachmentUpload? file, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = work.Text;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.AppointmentId is null) errors["appointmentId"] = [text["Choose the appointment the dispute is about."]];
        if (!DisputeNames.TryParse<DisputeKind>(request.Kind, out var kind))
        {
            errors["kind"] = [text["Choose what the dispute is about: contested-no-show, late-cancellation, conduct, billing or other."]];
        }
        work.CheckText(request, "statement", request.Statement, text["Say what happened and what you ask for."], errors);
        work.CheckFile(file, errors);
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);

        var viewer = await work.ViewerAsync(user, ct);
        var appointment = viewer switch
        {
            { Actor: Actor.Patient } => await work.Db.Appointments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == request.AppointmentId && a.PatientId == viewer.AccountId, ct),
            { Actor: Actor.Doctor } => await work.Db.Appointments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == request.AppointmentId && a.DoctorId == viewer.DoctorId, ct),
            _ => null,
        };
        if (appointment is null)
        {
            return UseCaseProblem.NotFound(text["Appointment not found."], text["There is no such appointment of yours."]);
        }
        if (kind == DisputeKind.ContestedNoShow && appointment.Status != AppointmentStatus.NoShow)
        {
            return UseCaseProblem.Invalid("kind", text["Only an appointment marked as a no-show can have its no-show contested."]);
        }
        if (await work.Db.Disputes.AnyAsync(d => d.AppointmentId == appointment.Id && d.State != DisputeState.Resolved && d.State != DisputeState.Withdrawn, ct))
        {
            return InProgress();
        }

        var dispute = new Dispute(Guid.CreateVersion7(), appointment.Id, appointment.PatientId, appointment.DoctorId, kind, viewer!.AccountId, viewer.Actor, work.Now);
        work.Db.Disputes.Add(dispute);
        var step = work.AddStep(dispute, DisputeStepKind.Opened, viewer, request.Statement);
        work.AddFile(step, file);
        await work.NotifyAsync(dispute, step, DisputeNotice.Opened, ct);
        try
        {
            await work.SaveAsync(dispute, AuditActions.DisputeOpened, ct);
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            // The other party opened one a moment earlier.
            work.Db.ChangeTracker.Clear();
            return InProgress();
        }
        return new Outcome<Dispute>(dispute, null);

        UseCaseProblem InProgress() => new(StatusCodes.Status409Conflict, text["A dispute about this appointment is in progress."],
            text["Add your statement to the dispute that is already open."]);
    }
}
