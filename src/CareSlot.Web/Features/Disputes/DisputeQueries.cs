using System.Security.Claims;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Platform.Security.Encryption;
using CareSlot.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CareSlot.Web.Features.Disputes;

public sealed record DisputeFileView(Guid Id, string FileName, string ContentType, long Size);

/// <param name="ByRole">patient, doctor or admin.</param>
/// <param name="Text">The statement, question or explanation; null for a step without words.</param>
public sealed record DisputeStepView(Guid Id, string Kind, string At, string ByName, string ByRole, string State, string? Text, string? AssigneeName,
    string? Audience, string? Outcome, IReadOnlyList<DisputeFileView> Files);

/// <param name="TimeZone">The appointment's clinic's IANA zone every time here is written in.</param>
public sealed record DisputeView(Guid Id, Guid AppointmentId, string AppointmentStart, string PatientName, string DoctorName, string Kind, string State,
    string StateSince, string? Outcome, Guid? AssignedTo, string? AssignedToName, string OpenerRole, string TimeZone, bool CanWithdraw, bool CanAddStatement,
    IReadOnlyList<DisputeStepView> Steps);

/// <param name="TimeZone">The appointment's clinic's IANA zone the times are written in.</param>
public sealed record DisputeSummary(Guid Id, Guid AppointmentId, string Kind, string State, string OpenedAt, string StateSince, string PatientName, string DoctorName,
    string TimeZone);

/// <summary>One row of the administrators' queue, with its SLA clock.</summary>
/// <param name="HoursInState">Whole hours since the current state began.</param>
/// <param name="TargetHours">The configured target of the state; null for a final state.</param>
public sealed record DisputeQueueRow(Guid Id, string Kind, string State, string StateSince, int HoursInState, int? TargetHours, bool Overdue, string PatientName,
    string DoctorName, string? AssignedToName);

public sealed record DisputeFileContent(string FileName, string ContentType, byte[] Content);

public sealed record DisputeAssignee(Guid Id, string Name);

/// <param name="DisputeInProgress">The dispute about it that is still in progress, if any: there can be one at a time.</param>
public sealed record DisputableAppointment(Guid Id, string Start, string TimeZone, string PatientName, string DoctorName, bool IsNoShow, Guid? DisputeInProgress);

/// <summary>
/// Reading disputes. A party sees their own (someone else's is 404); administrators see all, and each time they open one
/// (its statements) or a file of it, the trail records it.
/// </summary>
public sealed class DisputeQueries(CareSlotDb db, FieldProtector protector, AuditTrail audit, IClock clock, IOptions<DisputeOptions> options)
{
    public const int ListSize = 200;

    /// <summary>The disputes about the viewer's appointments, newest first.</summary>
    public async Task<IReadOnlyList<DisputeSummary>> MineAsync(Viewer viewer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var scope = viewer.Actor switch
        {
            Actor.Patient => db.Disputes.Where(d => d.PatientId == viewer.AccountId),
            Actor.Doctor => db.Disputes.Where(d => d.DoctorId == viewer.DoctorId),
            _ => db.Disputes.Where(_ => false),
        };
        var rows = await Named(scope.OrderByDescending(d => d.CreatedAt).Take(ListSize)).ToListAsync(ct);
        return [.. rows.Select(r => new DisputeSummary(r.Dispute.Id, r.Dispute.AppointmentId, DisputeNames.Api(r.Dispute.Kind), DisputeNames.Api(r.Dispute.State),
            IsoTime.Format(r.Dispute.CreatedAt, Zone(r.Zone)), IsoTime.Format(r.Dispute.StateSince, Zone(r.Zone)), r.Patient ?? "", r.Doctor ?? "", Zone(r.Zone).Id))];
    }

    /// <summary>The queue: disputes in the given state (else those in progress) and kind, oldest in its state first.</summary>
    public async Task<IReadOnlyList<DisputeQueueRow>> QueueAsync(DisputeState? state, DisputeKind? kind, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var scope = state is { } wanted ? db.Disputes.Where(d => d.State == wanted)
            : db.Disputes.Where(d => d.State != DisputeState.Resolved && d.State != DisputeState.Withdrawn);
        if (kind is { } k) scope = scope.Where(d => d.Kind == k);
        var rows = await Named(scope.OrderBy(d => d.StateSince).ThenBy(d => d.Id).Take(ListSize)).ToListAsync(ct);
        return [.. rows.Select(r =>
        {
            var sla = options.Value.Sla(r.Dispute.State, now - r.Dispute.StateSince);
            return new DisputeQueueRow(r.Dispute.Id, DisputeNames.Api(r.Dispute.Kind), DisputeNames.Api(r.Dispute.State), IsoTime.Format(r.Dispute.StateSince, DateTimeZone.Utc),
                sla.HoursInState, sla.TargetHours, sla.Overdue, r.Patient ?? "", r.Doctor ?? "", r.Assignee);
        })];
    }

    /// <summary>The SLA clock of one dispute, as the queue shows it.</summary>
    public DisputeSla Sla(DisputeView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var since = IsoTime.TryParse(view.StateSince, out var instant) ? instant : clock.GetCurrentInstant();
        return options.Value.Sla(DisputeNames.FromApi<DisputeState>(view.State), clock.GetCurrentInstant() - since);
    }

    /// <summary>Active administrators a dispute can be assigned to, by name.</summary>
    public async Task<IReadOnlyList<DisputeAssignee>> AssigneesAsync(CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.SuspendedAt == null
                && db.UserRoles.Any(r => r.UserId == u.Id && db.Roles.Any(role => role.Id == r.RoleId && role.Name == Roles.Admin)))
            .OrderBy(u => u.FullName).ThenBy(u => u.Id).Take(ListSize).Select(u => new DisputeAssignee(u.Id, u.FullName)).ToListAsync(ct);

    /// <summary>One of the viewer's appointments, as the page that opens a dispute about it shows it; anyone else's is null (404).</summary>
    public async Task<DisputableAppointment?> DisputableAsync(Viewer viewer, Guid appointmentId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var scope = viewer.Actor switch
        {
            Actor.Patient => db.Appointments.Where(a => a.Id == appointmentId && a.PatientId == viewer.AccountId),
            Actor.Doctor => db.Appointments.Where(a => a.Id == appointmentId && a.DoctorId == viewer.DoctorId),
            _ => db.Appointments.Where(_ => false),
        };
        var found = await scope.AsNoTracking().Select(a => new
        {
            a.Id,
            a.Start,
            a.Status,
            Zone = db.Clinics.Where(c => c.Id == a.ClinicId).Select(c => c.TimeZoneId).FirstOrDefault(),
            Patient = db.Users.Where(u => u.Id == a.PatientId).Select(u => u.FullName).FirstOrDefault(),
            Doctor = db.Doctors.Where(d => d.Id == a.DoctorId).Select(d => (d.Title + " " + d.GivenName + " " + d.FamilyName).Trim()).FirstOrDefault(),
            InProgress = db.Disputes.Where(d => d.AppointmentId == a.Id && d.State != DisputeState.Resolved && d.State != DisputeState.Withdrawn)
                .Select(d => (Guid?)d.Id).FirstOrDefault(),
        }).FirstOrDefaultAsync(ct);
        if (found is null) return null;
        var zone = Zone(found.Zone);
        return new DisputableAppointment(found.Id, IsoTime.Format(found.Start, zone), zone.Id, found.Patient ?? "", found.Doctor ?? "",
            found.Status == AppointmentStatus.NoShow, found.InProgress);
    }

    /// <summary>A party's own dispute with its history; anyone else's is null (404).</summary>
    public async Task<DisputeView?> ForPartyAsync(ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var dispute = await db.Disputes.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);
        var viewer = await Viewer.FromAsync(user, db, ct);
        if (dispute is null || DisputeWork.PartyRole(viewer, dispute) is null) return null;
        return await ViewAsync(dispute, viewer!, ct);
    }

    /// <summary>Any dispute for an administrator, audited as a read of its statements.</summary>
    public async Task<DisputeView?> ForAdminAsync(ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var dispute = await db.Disputes.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);
        var viewer = await Viewer.FromAsync(user, db, ct);
        if (dispute is null || viewer is not { Actor: Actor.Admin }) return null;
        var view = await ViewAsync(dispute, viewer, ct);
        await audit.RecordAsync(DisputeWork.Audit(dispute, AuditActions.DisputeRead), ct);
        return view;
    }

    /// <summary>A file of a dispute the caller may read (a party's own, or any for an administrator); audited.</summary>
    public async Task<DisputeFileContent?> FileAsync(ClaimsPrincipal user, Guid disputeId, Guid fileId, CancellationToken ct)
    {
        var dispute = await db.Disputes.AsNoTracking().FirstOrDefaultAsync(d => d.Id == disputeId, ct);
        var viewer = await Viewer.FromAsync(user, db, ct);
        if (dispute is null || (viewer is not { Actor: Actor.Admin } && DisputeWork.PartyRole(viewer, dispute) is null)) return null;
        var file = await db.DisputeFiles.AsNoTracking()
            .FirstOrDefaultAsync(f => f.Id == fileId && db.DisputeSteps.Any(s => s.Id == f.StepId && s.DisputeId == disputeId), ct);
        if (file is null) return null;
        await audit.RecordAsync(DisputeWork.Audit(dispute, AuditActions.DisputeFileRead, $"{DisputeWork.Record(dispute.Id)} file {file.Id}"), ct);
        return new DisputeFileContent(protector.Open(file.SealedFileName, file.Id, DisputeWork.FileNameColumn), file.ContentType,
            protector.OpenBytes(file.SealedContent, file.Id, DisputeWork.ContentColumn));
    }

    private async Task<DisputeView> ViewAsync(Dispute dispute, Viewer viewer, CancellationToken ct)
    {
        var facts = await db.Appointments.AsNoTracking().Where(a => a.Id == dispute.AppointmentId).Select(a => new
        {
            a.Start,
            Zone = db.Clinics.Where(c => c.Id == a.ClinicId).Select(c => c.TimeZoneId).FirstOrDefault(),
            Patient = db.Users.Where(u => u.Id == a.PatientId).Select(u => u.FullName).FirstOrDefault(),
            Doctor = db.Doctors.Where(d => d.Id == a.DoctorId).Select(d => (d.Title + " " + d.GivenName + " " + d.FamilyName).Trim()).FirstOrDefault(),
            DoctorAccount = db.Doctors.Where(d => d.Id == a.DoctorId).Select(d => d.AccountId).FirstOrDefault(),
        }).SingleAsync(ct);
        var zone = Zone(facts.Zone);
        var steps = await db.DisputeSteps.AsNoTracking().Where(s => s.DisputeId == dispute.Id).OrderBy(s => s.At).ThenBy(s => s.Id).ToListAsync(ct);
        var stepIds = steps.Select(s => s.Id).ToList();
        var files = (await db.DisputeFiles.AsNoTracking().Where(f => stepIds.Contains(f.StepId))
                .Select(f => new { f.Id, f.StepId, f.SealedFileName, f.ContentType, f.Size }).ToListAsync(ct))
            .ToLookup(f => f.StepId, f => new DisputeFileView(f.Id, protector.Open(f.SealedFileName, f.Id, DisputeWork.FileNameColumn), f.ContentType, f.Size));
        var accountIds = steps.Select(s => s.ByAccountId).Concat(steps.Select(s => s.AssigneeId).OfType<Guid>())
            .Append(dispute.AssignedTo ?? Guid.Empty).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => accountIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        string Name(Guid id, Actor role) => role switch
        {
            Actor.Patient => facts.Patient ?? "",
            Actor.Doctor => facts.Doctor ?? "",
            _ => names.GetValueOrDefault(id) ?? "",
        };
        var party = DisputeWork.PartyRole(viewer, dispute) is not null;
        return new DisputeView(dispute.Id, dispute.AppointmentId, IsoTime.Format(facts.Start, zone), facts.Patient ?? "", facts.Doctor ?? "",
            DisputeNames.Api(dispute.Kind), DisputeNames.Api(dispute.State), IsoTime.Format(dispute.StateSince, zone),
            dispute.Outcome is { } outcome ? DisputeNames.Api(outcome) : null, dispute.AssignedTo,
            dispute.AssignedTo is { } assigned ? names.GetValueOrDefault(assigned) : null, DisputeNames.Api(dispute.OpenerRole), zone.Id,
            party && !dispute.IsFinal && dispute.OpenedBy == viewer.AccountId, party && !dispute.IsFinal,
            [.. steps.Select(s => new DisputeStepView(s.Id, DisputeNames.Api(s.Kind), IsoTime.Format(s.At, zone), Name(s.ByAccountId, s.ByRole),
                DisputeNames.Api(s.ByRole), DisputeNames.Api(s.ToState), s.SealedText is null ? null : protector.Open(s.SealedText, s.Id, DisputeWork.TextColumn),
                s.AssigneeId is { } a ? names.GetValueOrDefault(a) : null, s.Audience is { } audience ? DisputeNames.Api(audience) : null,
                s.Outcome is { } o ? DisputeNames.Api(o) : null, [.. files[s.Id]]))]);
    }

    private sealed record NamedDispute(Dispute Dispute, string? Zone, string? Patient, string? Doctor, string? Assignee);

    private IQueryable<NamedDispute> Named(IQueryable<Dispute> disputes) => disputes.AsNoTracking().Select(d => new NamedDispute(d,
        db.Appointments.Where(a => a.Id == d.AppointmentId).Select(a => db.Clinics.Where(c => c.Id == a.ClinicId).Select(c => c.TimeZoneId).FirstOrDefault()).FirstOrDefault(),
        db.Users.Where(u => u.Id == d.PatientId).Select(u => u.FullName).FirstOrDefault(),
        db.Doctors.Where(x => x.Id == d.DoctorId).Select(x => (x.Title + " " + x.GivenName + " " + x.FamilyName).Trim()).FirstOrDefault(),
        db.Users.Where(u => u.Id == d.AssignedTo).Select(u => u.FullName).FirstOrDefault()));

    private static DateTimeZone Zone(string? zoneId) => zoneId is not null && DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) is { } zone ? zone : DateTimeZone.Utc;
}
