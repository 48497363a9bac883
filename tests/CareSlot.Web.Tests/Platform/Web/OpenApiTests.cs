using System.Net;
using System.Text.Json;
using CareSlot.Web.Tests.Infrastructure;

namespace CareSlot.Web.Tests.Platform.Web;

public sealed class OpenApiTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task OpenApiDocument_DescribesTheDirectoryApi()
    {
        var response = await app.CreateClient().GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/specialties", paths);
        Assert.Contains("/api/v1/doctors", paths);
        Assert.Contains("/api/v1/doctors/{id}", paths);
    }

    [Theory]
    [InlineData("/api/v1/appointments")]
    [InlineData("/api/v1/appointments/holds")]
    [InlineData("/api/v1/appointments/{id}/reschedule")]
    [InlineData("/api/v1/appointments/{id}/cancel")]
    [InlineData("/api/v1/appointments/{id}/status")]
    public async Task OpenApiDocument_DescribesTheIdempotencyKeyHeaderOnUnsafeAppointmentOperations(string path)
    {
        var response = await app.CreateClient().GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var parameters = document.RootElement.GetProperty("paths").GetProperty(path).GetProperty("post").GetProperty("parameters").EnumerateArray();
        var header = Assert.Single(parameters, p => p.GetProperty("name").GetString() == "Idempotency-Key");
        Assert.Equal("header", header.GetProperty("in").GetString());
        Assert.False(header.TryGetProperty("required", out var required) && required.GetBoolean());
        Assert.Equal(255, header.GetProperty("schema").GetProperty("maxLength").GetInt32());
    }

    /// <summary>Handlers answer typed results, so the document says what each answer carries without hand-written metadata.</summary>
    [Theory]
    [InlineData("/api/v1/appointments", "post", "201", "AppointmentView")]
    [InlineData("/api/v1/appointments/holds", "post", "201", "HoldView")]
    [InlineData("/api/v1/appointments/{id}/cancel", "post", "200", "AppointmentView")]
    [InlineData("/api/v1/doctors/{id}/slots", "get", "200", "SlotsView")]
    public async Task OpenApiDocument_DescribesEachAnswerByItsType(string path, string method, string status, string schema)
    {
        var response = await app.CreateClient().GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var answer = document.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses").GetProperty(status);
        Assert.Equal($"#/components/schemas/{schema}",
            answer.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
    }

    [Fact]
    public async Task OpenApiDocument_RegisterDoctorRequest_HasOnlyWhatClientsSend()
    {
        var response = await app.CreateClient().GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var schema = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("RegisterDoctorRequest");

        Assert.Equal(["acceptTerms", "clinicId", "dateOfBirth", "email", "fullName", "licenceNumber", "password", "phone", "specialties"],
            schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ApiReference_IsServedWithoutAnyCdn()
    {
        var client = app.CreateClient();
        var response = await client.GetAsync(new Uri("/api/docs/", UriKind.Relative), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("cdn.", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", body.Replace("https://tools.ietf.org", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
