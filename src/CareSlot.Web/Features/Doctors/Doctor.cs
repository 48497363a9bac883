using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CareSlot.Web.Features.Doctors;

public enum DoctorReview
{
    /// <summary>Registered (or changed their licence number) and waiting for an administrator.</summary>
    Pending,

    /// <summary>An administrator asked a question; the doctor has not answered yet.</summary>
    AwaitingAnswer,

    /// <summary>The doctor answered the question: waiting for an administrator again.</summary>
    Answered,
    Approved,

    /// <summary>Never listed; the doctor reads the reason when signing in.</summary>
    Rejected,
}

/// <summary>A doctor's public profile in the directory.</summary>
public sealed class Doctor
{
    public int Id { get; private set; }

    /// <summary>Honorific shown before the name, e.g. "Dr." or "Prof. Dr.".</summary>
    public string Title { get; private set; }

    public string GivenName { get; private set; }
    public string FamilyName { get; private set; }
    public string Bio { get; private set; }

    /// <summary>BCP 47 language tags the doctor consults in, e.g. "en", "de".</summary>
    public List<string> Languages { get; private set; }

    public bool AcceptingNewPatients { get; private set; }

    /// <summary>Only listed doctors appear in the directory; accounts pending approval are not listed.</summary>
    public bool IsListed { get; private set; }

    /// <summary>Where an administrator's review of a registration stands; only an approved doctor is listed.</summary>
    public DoctorReview Review { get; private set; }

    /// <summary>The doctor's sign-in account; null for directory entries that nobody signs in to (demo data).</summary>
    public Guid? AccountId { get; private set; }

    /// <summary>Professional licence number as registered; an administrator checks it before approving.</summary>
    public string? LicenceNumber { get; private set; }

    /// <summary>Name, specialties and clinics folded for free-text search; refreshed whenever they change.</summary>
    public string SearchKey { get; private set; } = "";

    public List<Specialty> Specialties { get; } = [];
    public List<Clinic> Clinics { get; } = [];

    public string DisplayName => $"{Title} {GivenName} {FamilyName}".Trim();

    public Doctor(string title, string givenName, string familyName, string bio, List<string> languages,
        bool acceptingNewPatients, bool isListed)
    {
        Title = title;
        GivenName = givenName;
        FamilyName = familyName;
        Bio = bio;
        Languages = languages;
        AcceptingNewPatients = acceptingNewPatients;
        IsListed = isListed;
        Review = isListed ? DoctorReview.Approved : DoctorReview.Pending;
    }

    /// <summary>A doctor who registered online: invisible in the directory until an administrator approves.</summary>
    public static Doctor Pending(Guid accountId, string fullName, string licenceNumber)
    {
        var (given, family) = SplitName(fullName);
        return new Doctor("Dr.", given, family, "", ["en"], acceptingNewPatients: true, isListed: false)
        {
            AccountId = accountId,
            LicenceNumber = licenceNumber,
        };
    }

    /// <summary>Approved, rejected and asked doctors wait for nobody; the others are in the administrators' queue.</summary>
    public bool AwaitsDecision => !IsListed && Review is DoctorReview.Pending or DoctorReview.AwaitingAnswer or DoctorReview.Answered;

    public void Approve()
    {
        IsListed = true;
        Review = DoctorReview.Approved;
    }

    public void Reject() => Review = DoctorReview.Rejected;

    public void AskForInformation() => Review = DoctorReview.AwaitingAnswer;

    /// <summary>The doctor answered the administrators' question: back in their queue, marked as answered.</summary>
    public void Answer() => Review = DoctorReview.Answered;

    /// <summary>The doctor's own edit of the public profile.</summary>
    public void Edit(string title, string bio, List<string> languages, bool acceptingNewPatients,
        IEnumerable<Specialty> specialties, IEnumerable<Clinic> clinics)
    {
        Title = title;
        Bio = bio;
        Languages = languages;
        AcceptingNewPatients = acceptingNewPatients;
        Specialties.Clear();
        Specialties.AddRange(specialties);
        Clinics.Clear();
        Clinics.AddRange(clinics);
        RefreshSearchKey();
    }

    /// <summary>A new licence number has not been checked: the doctor leaves the directory until approved again.</summary>
    public void ChangeLicence(string licenceNumber)
    {
        if (licenceNumber == LicenceNumber) return;
        LicenceNumber = licenceNumber;
        IsListed = false;
        // A rejection or an open question stands; an approval was of the old number.
        if (Review == DoctorReview.Approved) Review = DoctorReview.Pending;
    }

    private static (string Given, string Family) SplitName(string fullName)
    {
        var name = fullName.Trim();
        if (name.StartsWith("Dr. ", StringComparison.OrdinalIgnoreCase)) name = name[4..].Trim(); // the title is added on its own
        var lastSpace = name.LastIndexOf(' ');
        return lastSpace < 0 ? ("", name) : (name[..lastSpace], name[(lastSpace + 1)..]);
    }

    /// <summary>Retired clinics are left out: the directory no longer shows them.</summary>
    public void RefreshSearchKey() =>
        SearchKey = SearchText.Fold(string.Join(' ',
            new[] { Title, GivenName, FamilyName }
                .Concat(Specialties.Select(s => s.Name))
                .Concat(Clinics.Where(c => c.RetiredAt is null).SelectMany(c => new[] { c.Name, c.City, c.Postcode }))));
}

public sealed class DoctorConfiguration : IEntityTypeConfiguration<Doctor>
{
    public void Configure(EntityTypeBuilder<Doctor> builder)
    {
        builder.Property(d => d.Title).HasMaxLength(32);
        builder.Property(d => d.GivenName).HasMaxLength(100);
        builder.Property(d => d.FamilyName).HasMaxLength(100);
        builder.Property(d => d.Bio).HasMaxLength(2000);
        builder.Property(d => d.SearchKey).HasMaxLength(2000);
        builder.Property(d => d.LicenceNumber).HasMaxLength(64);
        builder.Property(d => d.Review).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(d => d.AccountId).IsUnique();
        builder.HasOne<Accounts.Account>().WithOne().HasForeignKey<Doctor>(d => d.AccountId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(d => d.DisplayName);
        builder.Ignore(d => d.AwaitsDecision);
        builder.HasIndex(d => new { d.IsListed, d.FamilyName, d.GivenName });
        builder.HasMany(d => d.Specialties).WithMany(s => s.Doctors).UsingEntity("DoctorSpecialties");
        builder.HasMany(d => d.Clinics).WithMany(c => c.Doctors).UsingEntity("DoctorClinics");
    }
}
