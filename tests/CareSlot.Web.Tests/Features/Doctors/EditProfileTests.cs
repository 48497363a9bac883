using System.Net;
using System.Net.Http.Json;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Tests.Features.Accounts;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Tests.Features.Doctors;

public sealed class EditProfileTestsOnSqlite(SqliteApp app) : EditProfileTests(app), IClassFixture<SqliteApp>;

public sealed class EditProfileTestsOnPostgres(PostgresApp app) : EditProfileTests(app), IClassFixture<PostgresApp>;

public abstract class EditProfileTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A registered, verified and approved doctor, signed in.</summary>
    private async Task<(HttpClient Client, int DoctorId)> ApprovedDoctorAsync()
    {
        var person = AccountsTestKit.ValidRegistration();
        var clinicId = await app.WithDbAsync(db => db.Clinics.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync(Ct));
        var client = app.CreateBrowserClient();
        var registered = await client.PostAsJsonAsync("/api/v1/auth/register-doctor", new RegisterDoctorRequest("Nora Example", person.DateOfBirth,
            person.Email, person.Phone, person.Password, true, "LIC-1", ["dermatology"], clinicId), Ct);
        registered.EnsureSuccessStatusCode();
        await client.GetAsync(new Uri(await app.VerificationLinkAsync(person.Email!), UriKind.Relative), Ct);
        var doctorId = await app.WithDbAsync(async db =>
        {
            var doctor = await db.Doctors.SingleAsync(d => d.AccountId == db.Users.Single(u => u.Email == person.Email).Id, Ct);
            doctor.Approve();
            await db.SaveChangesAsync(Ct);
            return doctor.Id;
        });
        await client.SignInAsync(person.Email!, AccountsTestKit.Password);
        return (client, doctorId);
    }

    private static Dictionary<string, string> Form(string licence = "LIC-1") => new()
    {
        ["Input.Title"] = "Prof. Dr.",
        ["Input.Bio"] = "Skin specialist with twenty years of practice.",
        ["Input.Languages"] = "de",
        ["Input.Specialties"] = "dermatology",
        ["Input.ClinicIds"] = "1",
        ["Input.AcceptingNewPatients"] = "true",
        ["Input.LicenceNumber"] = licence,
    };

    private Task<Doctor> DoctorAsync(int id) => app.WithDbAsync(db => db.Doctors.AsNoTracking().SingleAsync(d => d.Id == id, Ct));

    [Fact]
    public async Task Save_ValidProfile_UpdatesTheDirectoryEntryAndKeepsItListed()
    {
        var (client, id) = await ApprovedDoctorAsync();

        var response = await client.SubmitFormAsync("/account/doctor-profile", Form());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var profile = await (await app.CreateClient().GetAsync(new Uri($"/api/v1/doctors/{id}", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<DoctorProfile>();
        Assert.Equal("Prof. Dr. Nora Example", profile.DisplayName);
        Assert.Equal("Skin specialist with twenty years of practice.", profile.Bio);
        Assert.Equal(["de"], profile.Languages);
    }

    [Fact]
    public async Task Save_NewLicenceNumber_TakesTheDoctorOutOfTheDirectoryUntilApproved()
    {
        var (client, id) = await ApprovedDoctorAsync();

        await client.SubmitFormAsync("/account/doctor-profile", Form(licence: "LIC-2"));

        var doctor = await DoctorAsync(id);
        Assert.False(doctor.IsListed);
        Assert.Equal("LIC-2", doctor.LicenceNumber);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync(new Uri($"/api/v1/doctors/{id}", UriKind.Relative), Ct)).StatusCode);
    }

    [Theory]
    [InlineData("Input.Title", "Sir")]
    [InlineData("Input.Languages", "klingon")]
    [InlineData("Input.Languages", "")]
    [InlineData("Input.Specialties", "astrology")]
    [InlineData("Input.Specialties", "")]
    [InlineData("Input.ClinicIds", "abc")]
    [InlineData("Input.LicenceNumber", "")]
    public async Task Save_InvalidField_Returns400AndChangesNothing(string field, string value)
    {
        var (client, id) = await ApprovedDoctorAsync();
        var form = Form();
        form[field] = value;

        var response = await client.SubmitFormAsync("/account/doctor-profile", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadHtmlAsync();
        Assert.NotNull(page.QuerySelector($".error-summary a[href='#{field.Replace('.', '_')}']"));
        Assert.NotNull(page.QuerySelector($"#{field.Replace('.', '_')}-error"));
        Assert.Equal("Dr.", (await DoctorAsync(id)).Title);
    }

    [Fact]
    public async Task DoctorProfilePage_Patient_IsForbidden()
    {
        var client = app.CreateBrowserClient();
        await client.SignInAsync(await app.RegisterVerifiedPatientAsync(), AccountsTestKit.Password);

        var response = await client.GetAsync(new Uri("/account/doctor-profile", UriKind.Relative), Ct);

        Assert.StartsWith("/account/access-denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}
