using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareSlot.Web.Tests.Platform.Security;

/// <summary>
/// Every endpoint × every caller against <see cref="AuthorizationMatrix"/>. Authorization does not depend on
/// the database provider, so this runs on SQLite only. It judges authorization, not behaviour: an allowed
/// call may answer 200, 400, 404 or 409, but never 401/403, a redirect to sign in or to "access denied", or 5xx.
/// </summary>
public sealed partial class AuthorizationMatrixTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>No schedule entry or appointment type has this id, so a call that gets through changes nothing.</summary>
    private const int NobodysId = 999_999;

    private enum Expected { Allowed, SignIn, Refused, Hidden }

    private sealed record Cell(MatrixRow Row, string Caller, Expected Expected, string Got, bool Passed);

    [Fact]
    public async Task EveryEndpoint_AnswersEveryCaller_AsTheMatrixSays()
    {
        var doctorId = await app.WithDbAsync(db => db.Doctors.Where(d => d.IsListed && d.AccountId == null).OrderBy(d => d.Id).Select(d => d.Id).FirstAsync(Ct));
        var sessions = await Task.WhenAll(Enum.GetValues<Caller>().Select(caller => app.SignInAsync(caller)));

        // One caller's requests run in order (the sign-out rows last); the callers run side by side.
        var cells = (await Task.WhenAll(sessions.Select(session => CallEverythingAsync(session, doctorId)))).SelectMany(c => c).ToList();

        var wrong = cells.Where(c => !c.Passed).ToList();
        Assert.True(wrong.Count == 0, Report(wrong, cells.Count));
    }

    [Fact]
    public void EveryMappedEndpoint_HasOneRowOrAnExclusion_AndEveryRowAMappedEndpoint()
    {
        var mapped = MappedEndpoints().ToList();
        var excluded = mapped.Where(m => AuthorizationMatrix.Exclusions.Any(x => x.Matches(m.Endpoint))).Select(m => m.Key).ToHashSet();
        var covered = mapped.Select(m => m.Key).Where(key => !excluded.Contains(key)).ToHashSet();
        var rows = AuthorizationMatrix.Rows.Select(r => r.Key).ToList();

        var problems = new StringBuilder();
        foreach (var key in covered.Where(key => !rows.Contains(key)).Order())
        {
            problems.AppendLine(CultureInfo.InvariantCulture, $"  no row for {key}: add one to AuthorizationMatrix.Rows saying who may call it");
        }
        foreach (var key in rows.Where(key => !covered.Contains(key)).Distinct().Order())
        {
            problems.AppendLine(CultureInfo.InvariantCulture, $"  a row for {key}, which the app no longer maps (or excludes): remove it");
        }
        foreach (var key in rows.GroupBy(key => key).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            problems.AppendLine(CultureInfo.InvariantCulture, $"  more than one row for {key}");
        }
        foreach (var exclusion in AuthorizationMatrix.Exclusions.Where(x => !mapped.Any(m => x.Matches(m.Endpoint))))
        {
            problems.AppendLine(CultureInfo.InvariantCulture, $"  the exclusion '{exclusion.What}' matches no endpoint any more: remove it");
        }

        Assert.True(problems.Length == 0, $"The authorization matrix and the app's endpoints disagree:{Environment.NewLine}{problems}");
        Assert.True(covered.Count > 50, $"Only {covered.Count} endpoints found; is the endpoint enumeration broken?");
    }

    /// <summary>Each endpoint the app maps, as "METHOD /pattern" and, for a page handler with a name, "?handler=Name".</summary>
    private IEnumerable<(string Key, RouteEndpoint Endpoint)> MappedEndpoints()
    {
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<CompiledPageActionDescriptor>() is { } page)
            {
                var pattern = "/" + endpoint.RoutePattern.RawText;
                if (page.HandlerMethods.Count == 0) yield return (MatrixRow.EndpointKey("GET", pattern, null), endpoint);
                foreach (var handler in page.HandlerMethods)
                {
                    yield return (MatrixRow.EndpointKey(handler.HttpMethod.ToUpperInvariant(), pattern, handler.Name), endpoint);
                }
                continue;
            }
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])
            {
                yield return (MatrixRow.EndpointKey(method, endpoint.RoutePattern.RawText ?? "", null), endpoint);
            }
        }
    }

    /// <summary>
    /// Every row as this caller: API rows with the bearer token and again with the cookie session (the API
    /// accepts both), page rows with the cookie session.
    /// </summary>
    private static async Task<List<Cell>> CallEverythingAsync(CallerSession session, int doctorId)
    {
        var cells = new List<Cell>();
        foreach (var row in AuthorizationMatrix.Rows.OrderBy(r => r.Quirk == Quirk.EndsSession))
        {
            var url = Url(row, doctorId);
            if (!row.IsApi)
            {
                cells.Add(await CallAsync(row, url, session.Caller, $"{session.Caller}", session.Browser));
            }
            else if (session.Caller == Caller.Anonymous)
            {
                cells.Add(await CallAsync(row, url, session.Caller, $"{session.Caller}", session.Bearer));
            }
            else
            {
                cells.Add(await CallAsync(row, url, session.Caller, $"{session.Caller} (token)", session.Bearer));
                cells.Add(await CallAsync(row, url, session.Caller, $"{session.Caller} (cookie)", session.Browser));
            }
        }
        return cells;
    }

    private static async Task<Cell> CallAsync(MatrixRow row, string url, Caller caller, string label, HttpClient client)
    {
        using var response = await SendAsync(row, url, client);
        var expected = row.Access.Callers.Contains(caller) ? Expected.Allowed
            : row.Access.Hidden && caller is not Caller.Admin ? Expected.Hidden
            : caller == Caller.Anonymous ? Expected.SignIn
            : Expected.Refused;
        var got = Describe(response);
        return new Cell(row, label, expected, got, Meets(expected, response, row));
    }

    /// <summary>API writes send an empty JSON object; page posts send only a valid antiforgery token, as their own forms would.</summary>
    private static async Task<HttpResponseMessage> SendAsync(MatrixRow row, string url, HttpClient client)
    {
        if (!row.IsApi && row.Method == "POST") return await client.PostPageAsync(url);
        using var request = new HttpRequestMessage(new HttpMethod(row.Method), new Uri(url, UriKind.Relative));
        if (row.Method is "POST" or "PUT" or "PATCH") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        return await client.SendAsync(request, Ct);
    }

    /// <summary>
    /// The row's pattern with its parameters filled: a fresh Guid for appointments and holds (nobody's), an id
    /// that does not exist for a doctor's own schedule entries, and a listed demo doctor for the directory.
    /// </summary>
    private static string Url(MatrixRow row, int doctorId)
    {
        var own = row.Pattern.StartsWith("/api/v1/doctors/me/", StringComparison.Ordinal) || row.Pattern.StartsWith("/account/schedule/", StringComparison.Ordinal);
        var path = RouteParameter().Replace(row.Pattern, parameter => parameter.Groups["constraint"].Value == "guid"
            ? Guid.NewGuid().ToString()
            : (own ? NobodysId : doctorId).ToString(CultureInfo.InvariantCulture));
        return row.Handler is null ? path : $"{path}?handler={row.Handler}";
    }

    private static bool Meets(Expected expected, HttpResponseMessage response, MatrixRow row) => expected switch
    {
        Expected.Allowed => !IsChallenge(response, row) && !IsRefusal(response, row) && (int)response.StatusCode < 500,
        Expected.SignIn => row.IsApi
            ? response.StatusCode == HttpStatusCode.Unauthorized && response.IsProblem()
            : RedirectsToSignIn(response),
        Expected.Refused => row.IsApi
            ? response.StatusCode == HttpStatusCode.Forbidden && response.IsProblem()
            : RedirectsTo(response, "/account/access-denied") || (row.Quirk == Quirk.RefusesOnThePage && response.StatusCode == HttpStatusCode.Forbidden),
        Expected.Hidden => response.StatusCode == HttpStatusCode.NotFound && (!row.IsApi || response.IsProblem()),
        _ => false,
    };

    /// <summary>"Who are you?": a 401, or the sign-in page with a way back to where the caller was going.</summary>
    private static bool IsChallenge(HttpResponseMessage response, MatrixRow row) =>
        (response.StatusCode == HttpStatusCode.Unauthorized && !(row.Quirk == Quirk.ChecksCredentials && response.Headers.WwwAuthenticate.Count == 0))
        || RedirectsToSignIn(response);

    /// <summary>"Not you": a 403, or the access-denied page.</summary>
    private static bool IsRefusal(HttpResponseMessage response, MatrixRow row) =>
        (response.StatusCode == HttpStatusCode.Forbidden && row.Quirk != Quirk.IsTheRefusalPage) || RedirectsTo(response, "/account/access-denied");

    private static bool RedirectsToSignIn(HttpResponseMessage response) =>
        RedirectsTo(response, "/account/sign-in") && Location(response)!.Query.Contains("returnurl=", StringComparison.OrdinalIgnoreCase);

    private static bool RedirectsTo(HttpResponseMessage response, string path) => Location(response)?.AbsolutePath == path;

    private static Uri? Location(HttpResponseMessage response) =>
        (int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location ? new Uri(new Uri("http://localhost"), location) : null;

    private static string Describe(HttpResponseMessage response)
    {
        var text = new StringBuilder(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
        if (response.IsProblem()) text.Append(" problem");
        if (Location(response) is { } to) text.Append(CultureInfo.InvariantCulture, $" → {to.PathAndQuery}");
        return text.ToString();
    }

    private static string Describe(Expected expected, MatrixRow row) => expected switch
    {
        Expected.Allowed => "allowed",
        Expected.SignIn => row.IsApi ? "401 problem" : "→ /account/sign-in",
        Expected.Hidden => row.IsApi ? "404 problem" : "404",
        _ => row.IsApi ? "403 problem" : "→ /account/access-denied",
    };

    private static string Report(IReadOnlyList<Cell> wrong, int total)
    {
        var lines = wrong.Select(c => (Endpoint: c.Row.Key, Rule: c.Row.Access.Name, c.Caller, Expected: Describe(c.Expected, c.Row), c.Got)).ToList();
        lines.Insert(0, ("endpoint", "who may call", "caller", "expected", "got"));
        int Width(Func<(string, string, string, string, string), string> column) => lines.Max(l => column(l).Length);
        var widths = (Width(l => l.Item1), Width(l => l.Item2), Width(l => l.Item3), Width(l => l.Item4));
        var text = new StringBuilder().AppendLine(CultureInfo.InvariantCulture, $"{wrong.Count} of {total} cells disagree with AuthorizationMatrix.Rows:");
        foreach (var (endpoint, rule, caller, expected, got) in lines)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  {endpoint.PadRight(widths.Item1)} | {rule.PadRight(widths.Item2)} | {caller.PadRight(widths.Item3)} | {expected.PadRight(widths.Item4)} | {got}");
        }
        return text.ToString();
    }

    [GeneratedRegex(@"\{(?<name>\w+)(:(?<constraint>\w+))?\??\}")]
    private static partial Regex RouteParameter();
}
