using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.Admin.Doctors;

/// <param name="By">The administrator's name, or the doctor's for an answer.</param>
public sealed record DoctorDecisionEntry(DoctorDecisionKind Kind, string? Text, string By, Instant At);

public sealed record DoctorInReview(int Id, string DisplayName, string Email, string LicenceNumber,
    IReadOnlyList<string> Specialties, IReadOnlyList<string> Clinics, bool AccountVerified, DoctorReview Review,
    IReadOnlyList<DoctorDecisionEntry> History);

/// <summary>Doctors waiting for an administrator (and those asked a question, until they answer), oldest first, each with the review's history.</summary>
public sealed class DoctorReviews(CareSlotDb db)
{
    public Task<IReadOnlyList<DoctorInReview>> ListAsync(CancellationToken ct) =>
        QueryAsync(db.Doctors.Where(d => !d.IsListed
            && (d.Review == DoctorReview.Pending || d.Review == DoctorReview.AwaitingAnswer || d.Review == DoctorReview.Answered)), ct);

    /// <summary>One registered doctor's review, whatever its state; null when no doctor who signs in has that id.</summary>
    public async Task<DoctorInReview?> FindAsync(int doctorId, CancellationToken ct) =>
        (await QueryAsync(db.Doctors.Where(d => d.Id == doctorId), ct)).SingleOrDefault();

    private async Task<IReadOnlyList<DoctorInReview>> QueryAsync(IQueryable<Doctor> which, CancellationToken ct)
    {
        var doctors = await (from d in which.AsNoTracking()
                             join a in db.Users on d.AccountId equals a.Id
                             orderby a.CreatedAt
                             select new
                             {
                                 d.Id, Name = d.Title + " " + d.GivenName + " " + d.FamilyName, Email = a.Email!, Licence = d.LicenceNumber ?? "",
                                 Specialties = d.Specialties.OrderBy(s => s.Name).Select(s => s.Name).ToList(),
                                 Clinics = d.Clinics.OrderBy(c => c.Name).Select(c => c.Name).ToList(),
                                 Verified = a.EmailConfirmed || a.PhoneNumberConfirmed, d.Review,
                             })
            .AsSplitQuery()
            .ToListAsync(ct);
        var ids = doctors.Select(d => d.Id).ToList();
        var history = (await (from step in db.DoctorDecisions.AsNoTracking()
                              join author in db.Users on step.ById equals author.Id
                              where ids.Contains(step.DoctorId)
                              orderby step.Id
                              select new { step.DoctorId, Entry = new DoctorDecisionEntry(step.Kind, step.Text, author.FullName, step.At) })
                .ToListAsync(ct))
            .ToLookup(s => s.DoctorId, s => s.Entry);
        return [.. doctors.Select(d => new DoctorInReview(d.Id, d.Name, d.Email, d.Licence, d.Specialties, d.Clinics, d.Verified, d.Review,
            [.. history[d.Id]]))];
    }
}
