using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Tests.Features.Doctors;

/// <summary>The other tests run with the search cache off (they search right after writing); this app has it on.</summary>
public sealed class SearchCachingSqliteApp : SqliteApp
{
    protected override Dictionary<string, string?> ExtraSettings => new(base.ExtraSettings)
    {
        [DirectoryCache.SecondsSetting] = "3600",
    };
}

public sealed class DirectoryCacheTests(SearchCachingSqliteApp app) : IClassFixture<SearchCachingSqliteApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<int> TotalAsync(HttpClient client, string query) =>
        (await (await client.GetAsync(new Uri("/api/v1/doctors?" + query, UriKind.Relative), Ct)).ShouldBeOkJsonAsync<Page<DoctorSummary>>()).TotalCount;

    private Task<int> AddDoctorAsync(string familyName, bool listed) => app.WithDbAsync(async db =>
    {
        var doctor = new Doctor("Dr.", "Cache", familyName, "", ["en"], acceptingNewPatients: true, isListed: listed);
        // The directory lists doctors who work at an open clinic.
        doctor.Clinics.Add(await db.Clinics.OrderBy(c => c.Id).FirstAsync(c => c.RetiredAt == null, Ct));
        doctor.RefreshSearchKey();
        db.Doctors.Add(doctor);
        await db.SaveChangesAsync(Ct);
        return doctor.Id;
    });

    [Fact]
    public async Task AnonymousSearch_IsAnsweredFromTheCache_SignedInIsNot_AndAnApprovalEvictsIt()
    {
        var family = "Cachetest" + new string([.. Guid.NewGuid().ToString("N").Where(char.IsLetter)]);
        var query = "q=" + family;
        var anonymous = app.CreateClient();
        Assert.Equal(0, await TotalAsync(anonymous, query));

        await AddDoctorAsync(family, listed: true); // straight into the database: nothing evicts

        Assert.Equal(0, await TotalAsync(anonymous, query));
        Assert.Equal(1, await TotalAsync(anonymous, query + "&page=1")); // another query string is another answer
        var patient = (await app.CreatePatientsAsync(1))[0];
        Assert.Equal(1, await TotalAsync(patient.Client, query));

        var pending = await AddDoctorAsync(family, listed: false);
        await app.CreateApiUserAsync(Roles.Doctor, doctorId: pending); // approval needs the doctor's account
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        using (var approved = await admin.Bearer.PostAsync(new Uri($"/api/v1/admin/doctors/{pending}/approve", UriKind.Relative), null, Ct))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, approved.StatusCode);
        }

        Assert.Equal(2, await TotalAsync(anonymous, query));
    }
}
