using System.Net;
using System.Net.Http.Json;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Tests.Features.Accounts;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Tests.Features.Doctors;

public sealed class DoctorRegistrationTestsOnSqlite(SqliteApp app) : DoctorRegistrationTests(app), IClassFixture<SqliteApp>;

public sealed class DoctorRegistrationTestsOnPostgres(PostgresApp app) : DoctorRegistrationTests(app), IClassFixture<PostgresApp>;

public abstract class DoctorRegistrationTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<RegisterDoctorRequest> ValidAsync()
    {
        var person = AccountsTestKit.ValidRegistration();
        var clinicId = await app.WithDbAsync(db => db.Clinics.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync(Ct));
        return new RegisterDoctorRequest($"Dr. Quinta {Guid.NewGuid():N}"[..30], person.DateOfBirth, person.Email, person.Phone, person.Password,
            true, "GMC-7654321", ["cardiology", "neurology"], clinicId);
    }

    private static Task<HttpResponseMessage> RegisterAsync(HttpClient client, RegisterDoctorRequest request) =>
        client.PostAsJsonAsync("/api/v1/auth/register-doctor", request, Ct);

    private Task<(int Accounts, int Doctors)> CountsAsync() =>
        app.WithDbAsync(async db => (await db.Users.CountAsync(Ct), await db.Doctors.CountAsync(Ct)));

    [Fact]
    public async Task RegisterDoctor_Valid_CreatesAPendingDoctorAbsentFromTheDirectory()
    {
        var request = await ValidAsync();

        var response = await RegisterAsync(app.CreateBrowserClient(), request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var doctor = await app.WithDbAsync(db => db.Doctors.Include(d => d.Specialties).SingleAsync(d => d.LicenceNumber == "GMC-7654321" && d.FamilyName == request.FullName!.Split(' ').Last(), Ct));
        Assert.False(doctor.IsListed);
        Assert.Equal("Dr.", doctor.Title);
        Assert.Equal("Quinta", doctor.GivenName);
        Assert.Equal(["cardiology", "neurology"], doctor.Specialties.Select(s => s.Slug).Order(StringComparer.Ordinal));
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/api/v1/doctors/{doctor.Id}", UriKind.Relative), Ct)).StatusCode);
        var search = await (await client.GetAsync(new Uri("/api/v1/doctors?q=" + doctor.FamilyName, UriKind.Relative), Ct)).ShouldBeOkJsonAsync<Page<DoctorSummary>>();
        Assert.Empty(search.Items);
    }

    [Theory]
    [InlineData("licenceNumber")]
    [InlineData("specialties")]
    [InlineData("unknownSpecialty")]
    [InlineData("clinicId")]
    [InlineData("unknownClinic")]
    public async Task RegisterDoctor_MissingProfessionalField_Returns400NamingItAndCreatesNothing(string problem)
    {
        var valid = await ValidAsync();
        var request = problem switch
        {
            "licenceNumber" => valid with { LicenceNumber = " " },
            "specialties" => valid with { Specialties = [] },
            "unknownSpecialty" => valid with { Specialties = ["cardiology", "astrology"] },
            "clinicId" => valid with { ClinicId = null },
            _ => valid with { ClinicId = 999_999 },
        };
        var before = await CountsAsync();

        var details = await (await RegisterAsync(app.CreateBrowserClient(), request)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal([problem switch { "unknownSpecialty" => "specialties", "unknownClinic" => "clinicId", _ => problem }], details.Errors.Keys);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Approval_ByAdmin_ListsTheDoctorInTheDirectory()
    {
        var request = await ValidAsync();
        await RegisterAsync(app.CreateBrowserClient(), request);
        var admin = app.CreateBrowserClient();
        await admin.SignInWithTwoFactorAsync(app, await app.CreateAccountAsync(Roles.Admin, twoFactor: true));

        var pending = await (await admin.GetAsync(new Uri("/admin/doctors/pending", UriKind.Relative), Ct)).ReadHtmlAsync();
        var row = pending.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains(request.Email!, StringComparison.Ordinal));
        var reviewPage = row.QuerySelector("a[href^='/admin/doctors/pending/']")!.GetAttribute("href")!;
        var approved = await admin.SubmitFormAsync(reviewPage, new Dictionary<string, string> { ["Approval.Confirm"] = "true" },
            formSelector: "form[action*='handler=Approve']");

        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var familyName = request.FullName!.Split(' ').Last();
        var search = await (await app.CreateClient().GetAsync(new Uri("/api/v1/doctors?q=" + familyName, UriKind.Relative), Ct)).ShouldBeOkJsonAsync<Page<DoctorSummary>>();
        Assert.Single(search.Items);
    }

    [Fact]
    public async Task ApprovalPage_Patient_GetsTheNotFoundPage()
    {
        var patient = app.CreateBrowserClient();
        await patient.SignInAsync(await app.RegisterVerifiedPatientAsync(), AccountsTestKit.Password);

        var response = await patient.GetAsync(new Uri("/admin/doctors/pending", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("awaiting approval", (await response.ReadHtmlAsync()).Body!.TextContent, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ApprovalPage_AdminWithoutSecondFactor_IsToldToSetItUp()
    {
        var admin = app.CreateBrowserClient();
        await admin.SignInAsync(await app.CreateAccountAsync(Roles.Admin), AccountsTestKit.Password);

        var response = await admin.GetAsync(new Uri("/admin/doctors/pending", UriKind.Relative), Ct);
        var denied = await admin.GetAsync(new Uri(response.Headers.Location!.PathAndQuery, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("Set up two-factor authentication", (await denied.ReadHtmlAsync()).Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApprovalPage_Anonymous_GetsNotFound_NotASignInPrompt()
    {
        var response = await app.CreateBrowserClient().GetAsync(new Uri("/admin/doctors/pending", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
