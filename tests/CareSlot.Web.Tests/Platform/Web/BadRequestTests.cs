using System.Net;
using System.Text;
using CareSlot.Web.Tests.Infrastructure;

namespace CareSlot.Web.Tests.Platform.Web;

/// <summary>In Development, as the README's run command starts the site: what new users see first.</summary>
public sealed class BadRequestTestsInDevelopment(DevelopmentApp app) : BadRequestTests(app), IClassFixture<DevelopmentApp>;

/// <summary>Outside Development the framework used to answer a bare 400 that named nothing.</summary>
public sealed class BadRequestTestsOutsideDevelopment(SqliteApp app) : BadRequestTests(app), IClassFixture<SqliteApp>;

/// <summary>
/// Issue 14, defect 7: JSON the framework cannot bind answered 500 in Development (its BadHttpRequestException reached
/// the exception handler) and a bare 400 elsewhere. Now every environment answers a 400 problem that names the field.
/// </summary>
public abstract class BadRequestTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpResponseMessage> PostAsync(string body, string contentType = "application/json") =>
        await app.CreateClient().PostAsync(new Uri("/api/v1/auth/forgot-password", UriKind.Relative), new StringContent(body, Encoding.UTF8, contentType), Ct);

    [Theory]
    [InlineData("{\"email\":", "email")] // the JSON broke off where the email should be
    [InlineData("{\"email\":\"a@example.com\",}", "body")]
    [InlineData("{\"email\":\"a@example.com\"}trailing", "body")]
    [InlineData("{\"email\":42}", "email")]
    [InlineData("{\"email\":{\"nested\":true}}", "email")]
    [InlineData("{\"email\":\"\\ud800\"}", "email")]
    public async Task MalformedJson_Is400ProblemNamingTheField(string body, string field)
    {
        var response = await PostAsync(body);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(field, problem.Errors.Keys);
    }

    [Fact]
    public async Task EmptyBody_Is400ProblemNamingTheBody()
    {
        var problem = await (await PostAsync("")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("body", problem.Errors.Keys);
    }

    [Fact]
    public async Task NestingDeeperThan64_Is400Problem()
    {
        var deep = "{\"email\":" + string.Concat(Enumerable.Repeat("[", 70)) + string.Concat(Enumerable.Repeat("]", 70)) + "}";

        await (await PostAsync(deep)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task NumberOutOfRange_Is400ProblemNamingTheParameter()
    {
        var response = await app.CreateClient().GetAsync(new Uri("/api/v1/doctors/1/slots?appointmentTypeId=99999999999", UriKind.Relative), Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("appointmentTypeId", problem.Errors.Keys);
    }

    [Fact]
    public async Task TextInsteadOfJson_Is415Problem()
    {
        await (await PostAsync("email=a@example.com", "text/plain")).ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }
}
