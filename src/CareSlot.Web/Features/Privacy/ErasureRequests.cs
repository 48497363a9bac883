using Microsoft.Extensions.Localization;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Disputes;
using CareSlot.Web.Features.HelpDesk;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.Privacy;

/// <summary>An erasure request as the person, the chart and the API see it.</summary>
/// <param name="HeldBy">"dispute 3f2a…" or "ticket 12" while held.</param>
/// <param name="RetentionEndsOn">The last day restricted medical records are kept (ISO date), or null when none were kept.</param>
public sealed record ErasureView(Guid Id, string State, string RequestedAt, string? HeldBy, string? CompletedAt, bool RecordsRestricted,
    string? RetentionEndsOn)
{
    public static ErasureView Of(ErasureRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new(request.Id, request.State.ToString().ToLowerInvariant(), PersonalDataExport.Iso(request.RequestedAt), request.HeldBy,
            request.CompletedAt is { } completed ? PersonalDataExport.Iso(completed) : null,
            request.RecordsRestricted, request.RetentionEndsOn?.ToString("uuuu'-'MM'-'dd", System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>One row of the administrators' list; the person is named only by account id: their name is gone once erased.</summary>
public sealed record ErasureListRow(Guid Id, Guid AccountId, ErasureState State, Instant RequestedAt, string? HeldBy, Instant? CompletedAt,
    bool RecordsRestricted, LocalDate? RetentionEndsOn);

/// <summary>The queries about erasure requests: the person's own, the holds on one, the administrators' list and counts.</summary>
public sealed class ErasureRequests(CareSlotDb db)
{
    public async Task<ErasureView?> LatestAsync(Guid accountId, CancellationToken ct) =>
        await db.ErasureRequests.AsNoTracking().Where(e => e.AccountId == accountId).OrderByDescending(e => e.RequestedAt).FirstOrDefaultAsync(ct)
            is { } request ? ErasureView.Of(request) : null;

    /// <summary>The restriction on a patient's medical records, if their account was erased while records had to be kept.</summary>
    public async Task<ErasureView?> RestrictionAsync(Guid patientId, CancellationToken ct) =>
        await db.ErasureRequests.AsNoTracking()
            .Where(e => e.AccountId == patientId && e.State == ErasureState.Completed && e.RecordsRestricted)
            .OrderByDescending(e => e.CompletedAt).FirstOrDefaultAsync(ct) is { } request ? ErasureView.Of(request) : null;

    /// <summary>
    /// For the compliance report: requests not yet carried out (pending or held). A pending one older than a moment means
    /// the erasure failed half-way and needs an administrator.
    /// </summary>
    public Task<int> PendingCountAsync(CancellationToken ct) => db.ErasureRequests.CountAsync(e => e.State != ErasureState.Completed, ct);

    public Task<int> HeldCountAsync(CancellationToken ct) => db.ErasureRequests.CountAsync(e => e.State == ErasureState.Held, ct);

    /// <summary>Newest first; the open ones (pending, held) before the completed ones.</summary>
    public async Task<IReadOnlyList<ErasureListRow>> ListAsync(int take, CancellationToken ct)
    {
        var rows = await db.ErasureRequests.AsNoTracking()
            .OrderBy(e => e.State == ErasureState.Completed).ThenByDescending(e => e.RequestedAt).Take(take)
            .ToListAsync(ct);
        return [.. rows.Select(e => new ErasureListRow(e.Id, e.AccountId, e.State, e.RequestedAt, e.HeldBy, e.CompletedAt, e.RecordsRestricted, e.RetentionEndsOn))];
    }

    /// <summary>
    /// What keeps the erasure from completing by itself: an open dispute (the other party and the administrators still need the
    /// person to answer) or an open help-desk ticket (the agents still owe them an answer). Null when nothing holds it.
    /// </summary>
    public async Task<string?> HoldAsync(Guid accountId, CancellationToken ct)
    {
        var dispute = await db.Disputes.AsNoTracking()
            .Where(d => (d.PatientId == accountId || d.OpenedBy == accountId) && d.State != DisputeState.Resolved && d.State != DisputeState.Withdrawn)
            .OrderBy(d => d.CreatedAt).Select(d => (Guid?)d.Id).FirstOrDefaultAsync(ct);
        if (dispute is { } disputeId) return $"dispute {disputeId:D}";
        var ticket = await db.SupportTickets.AsNoTracking()
            .Where(t => t.RequesterId == accountId && t.Status != TicketStatus.Solved && t.Status != TicketStatus.Closed)
            .OrderBy(t => t.CreatedAt).Select(t => (long?)t.Id).FirstOrDefaultAsync(ct);
        return ticket is { } ticketId ? $"ticket {ticketId}" : null;
    }

    /// <summary>
    /// The last day a patient's medical records must be kept: <paramref name="years"/> after the last completed visit or the
    /// last change to an entry, whichever is later; null when there is nothing to keep.
    /// </summary>
    public async Task<LocalDate?> RetentionEndAsync(Guid accountId, int years, CancellationToken ct)
    {
        var lastVisit = await db.Appointments.Where(a => a.PatientId == accountId && a.Status == AppointmentStatus.Completed)
            .OrderByDescending(a => a.End).Select(a => (Instant?)a.End).FirstOrDefaultAsync(ct);
        var lastEntry = await db.RecordEntries.Where(e => e.PatientId == accountId)
            .OrderByDescending(e => e.UpdatedAt).Select(e => (Instant?)e.UpdatedAt).FirstOrDefaultAsync(ct);
        Instant? last = lastVisit is null ? lastEntry : lastEntry is null ? lastVisit : Instant.Max(lastVisit.Value, lastEntry.Value);
        return last?.InUtc().Date.PlusYears(years);
    }
}

/// <summary>
/// What holds an erasure request, as <see cref="ErasureRequests.HoldAsync"/> stores it ("dispute {id}", "ticket {id}"), told
/// in the reader's language, with the page where staff resolve it.
/// </summary>
public static class ErasureHold
{
    public static string Describe(string? heldBy, IStringLocalizer text) => (heldBy ?? "").Split(' ', 2) switch
    {
        ["dispute", _] => text["an open dispute"],
        ["ticket", var id] => text["open help-desk ticket #{0}", id],
        _ => text["an open dispute or help-desk ticket"],
    };

    public static string? StaffPage(string? heldBy) => (heldBy ?? "").Split(' ', 2) switch
    {
        ["dispute", var id] => $"/admin/disputes/{id}",
        ["ticket", var id] => $"/support/tickets/{id}",
        _ => null,
    };
}
