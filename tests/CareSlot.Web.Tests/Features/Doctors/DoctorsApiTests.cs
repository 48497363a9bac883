using System.Net;
using System.Text.Json;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Tests.Features.Doctors;

public sealed class DoctorsApiTestsOnSqlite(SqliteApp app) : DoctorsApiTests(app), IClassFixture<SqliteApp>;

public sealed class DoctorsApiTestsOnPostgres(PostgresApp app) : DoctorsApiTests(app), IClassFixture<PostgresApp>;

public abstract class DoctorsApiTests(CareSlotApp app)
{
    private readonly HttpClient client = app.CreateClient();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<HttpResponseMessage> GetAsync(string url) => client.GetAsync(new Uri(url, UriKind.Relative), Ct);

    private async Task<Page<DoctorSummary>> SearchAsync(string query) =>
        await (await GetAsync("/api/v1/doctors" + query)).ShouldBeOkJsonAsync<Page<DoctorSummary>>();

    [Fact]
    public async Task Specialties_ListsAllTenByName()
    {
        var specialties = await (await GetAsync("/api/v1/specialties")).ShouldBeOkJsonAsync<List<SpecialtyItem>>();

        Assert.Equal(10, specialties.Count);
        Assert.Equal(specialties.Select(s => s.Name).Order(StringComparer.Ordinal), specialties.Select(s => s.Name));
        Assert.Contains(specialties, s => s is { Slug: "cardiology", Name: "Cardiology" });
    }

    [Fact]
    public async Task Search_NoFilters_ReturnsFirstPageOfEveryListedDoctorByFamilyName()
    {
        var page = await SearchAsync("");

        Assert.Equal(DirectoryDemoData.DoctorCount, page.TotalCount);
        Assert.Equal(1, page.PageNumber);
        Assert.Equal(SearchDoctorsRequest.DefaultPageSize, page.Items.Count);
        Assert.Equal(page.Items.Select(d => d.FamilyName).Order(StringComparer.Ordinal), page.Items.Select(d => d.FamilyName));
    }

    [Fact]
    public async Task Search_Pages_CoverEveryDoctorExactlyOnce()
    {
        var pages = new List<DoctorSummary>();
        for (var number = 1; number <= 3; number++) pages.AddRange((await SearchAsync($"?pageSize=15&page={number}")).Items);

        Assert.Equal(DirectoryDemoData.DoctorCount, pages.Count);
        Assert.Equal(pages.Count, pages.Select(d => d.Id).Distinct().Count());
        Assert.Empty((await SearchAsync("?pageSize=15&page=4")).Items);
    }

    [Fact]
    public async Task Search_BySpecialty_ReturnsOnlyDoctorsOfThatSpecialty()
    {
        var page = await SearchAsync("?specialty=Cardiology&pageSize=100");

        Assert.NotEmpty(page.Items);
        Assert.All(page.Items, d => Assert.Contains(d.Specialties, s => s.Slug == "cardiology"));
        Assert.Equal(page.TotalCount, page.Items.Count);
    }

    [Theory]
    [InlineData("Berlin")]
    [InlineData("berlin")]
    [InlineData("  BERLIN ")]
    [InlineData("Bérlin")]
    public async Task Search_ByCity_IgnoresCaseAccentsAndSpaces(string city)
    {
        var page = await SearchAsync($"?city={Uri.EscapeDataString(city)}&pageSize=100");

        Assert.NotEmpty(page.Items);
        Assert.All(page.Items, d => Assert.Contains(d.Clinics, c => c.City == "Berlin"));
    }

    [Fact]
    public async Task Search_ByPostcode_FindsTheClinicsDoctors()
    {
        var page = await SearchAsync("?city=se1%209sg&pageSize=100");

        Assert.NotEmpty(page.Items);
        Assert.All(page.Items, d => Assert.Contains(d.Clinics, c => c.Name == "Thames Bank Clinic"));
    }

    [Fact]
    public async Task Search_FreeText_MatchesEveryWordInNameSpecialtyOrClinic()
    {
        var page = await SearchAsync("?q=ASHGROVE%20general&pageSize=100");

        Assert.NotEmpty(page.Items);
        Assert.All(page.Items, d =>
        {
            Assert.Equal("Ashgrove", d.FamilyName);
            Assert.Contains(d.Specialties, s => s.Slug == "general-practice");
        });
    }

    [Theory]
    [InlineData("?specialty=astrology")]
    [InlineData("?city=Atlantis")]
    [InlineData("?q=zzzz")]
    [InlineData("?q=zz%25")]
    [InlineData("?q=qq_xq")]
    [InlineData("?q=%27%3B%20DROP%20TABLE%20%22Doctors%22%3B%20--")]
    [InlineData("?city=%27%20OR%201%3D1%20--")]
    public async Task Search_UnknownOrHostileFilter_ReturnsEmptyPage(string query)
    {
        var page = await SearchAsync(query);

        Assert.Empty(page.Items);
        Assert.Equal(0, page.TotalCount);
        Assert.Equal(DirectoryDemoData.DoctorCount, await app.WithDbAsync(db => db.Doctors.CountAsync(d => d.IsListed, Ct)));
    }

    [Theory]
    [InlineData("%25")]
    [InlineData("_")]
    [InlineData("%20-%20")]
    public async Task Search_PunctuationOnlyQuery_IsNoFilter(string q)
    {
        var page = await SearchAsync("?q=" + q);

        Assert.Equal(DirectoryDemoData.DoctorCount, page.TotalCount);
    }

    [Theory]
    [InlineData("?page=0", "page")]
    [InlineData("?page=-1", "page")]
    [InlineData("?page=abc", "page")]
    [InlineData("?page=1.5", "page")]
    [InlineData("?page=99999999999999", "page")]
    [InlineData("?pageSize=0", "pageSize")]
    [InlineData("?pageSize=100000", "pageSize")]
    [InlineData("?pageSize=ten", "pageSize")]
    public async Task Search_InvalidPaging_Returns400NamingTheParameter(string query, string parameter)
    {
        var problem = await (await GetAsync("/api/v1/doctors" + query)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        var error = Assert.Single(problem.Errors);
        Assert.Equal(parameter, error.Key);
        Assert.Contains(parameter, error.Value.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_TwoThousandCharacterQuery_Returns400NamingQ()
    {
        var problem = await (await GetAsync("/api/v1/doctors?q=" + new string('a', 2000))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["q"], problem.Errors.Keys);
    }

    [Fact]
    public async Task Search_LongestAllowedQueryOfManyWords_IsAnswered()
    {
        var q = string.Join(' ', Enumerable.Repeat("ab", SearchDoctorsRequest.MaxQueryLength / 3));

        var page = await SearchAsync("?q=" + Uri.EscapeDataString(q));

        Assert.Empty(page.Items);
    }

    [Fact]
    public async Task Doctor_Known_ReturnsPublicProfileWithClinicAddressAndTimeZone()
    {
        var first = (await SearchAsync("?q=ashgrove")).Items[0];

        var profile = await (await GetAsync($"/api/v1/doctors/{first.Id}")).ShouldBeOkJsonAsync<DoctorProfile>();

        Assert.Equal(first.DisplayName, profile.DisplayName);
        Assert.Contains("fictional", profile.Bio, StringComparison.Ordinal);
        var clinic = profile.Clinics[0];
        Assert.False(string.IsNullOrEmpty(clinic.AddressLine));
        Assert.NotNull(NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(clinic.TimeZone));
        Assert.StartsWith("+", clinic.Phone, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_ProfileJson_HasOnlyPublicFields()
    {
        var first = (await SearchAsync("")).Items[0];

        using var json = JsonDocument.Parse(await (await GetAsync($"/api/v1/doctors/{first.Id}")).Content.ReadAsStringAsync(Ct));

        Assert.Equal(
            ["acceptingNewPatients", "bio", "clinics", "displayName", "familyName", "givenName", "id", "languages", "specialties", "title"],
            json.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("999999")]
    [InlineData("abc")]
    [InlineData("-1")]
    public async Task Doctor_Unknown_Returns404Problem(string id)
    {
        var problem = await (await GetAsync($"/api/v1/doctors/{id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        Assert.Contains(id, problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_Unlisted_IsAbsentFromSearchAndProfile()
    {
        var id = await app.WithDbAsync(async db =>
        {
            var doctor = new Doctor("Dr.", "Pending", "Zzunlisted", "Awaiting approval.", ["en"], true, isListed: false);
            doctor.RefreshSearchKey();
            db.Doctors.Add(doctor);
            await db.SaveChangesAsync(Ct);
            return doctor.Id;
        });

        Assert.Empty((await SearchAsync("?q=zzunlisted")).Items);
        await (await GetAsync($"/api/v1/doctors/{id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task UnknownApiRoute_Returns404Problem()
    {
        await (await GetAsync("/api/v1/no-such-thing")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
