using System.Net;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CareSlot.Web.Tests.Platform.Observability;

/// <summary>
/// /metrics open to one network (10.1.0.0/16). The in-memory server has no peer address, so each request names its own
/// in <see cref="PeerHeader"/>, as in TrustedProxyTests.
/// </summary>
internal static class MetricsNetwork
{
    public const string PeerHeader = "X-Test-Peer";

    public static Dictionary<string, string?> With(Dictionary<string, string?> settings)
    {
        settings["Observability:MetricsNetworks:0"] = "10.1.0.0/16";
        return settings;
    }

    public static void PeerFromHeader(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services => services.AddTransient<IStartupFilter, PeerAddressFromHeader>());

    private sealed class PeerAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[PeerHeader], out var peer)) context.Connection.RemoteIpAddress = peer;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

public sealed class MetricsSqliteApp : SqliteApp
{
    protected override Dictionary<string, string?> ExtraSettings => MetricsNetwork.With(base.ExtraSettings);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        MetricsNetwork.PeerFromHeader(builder);
    }
}

public sealed class MetricsPostgresApp(PostgresServer server) : PostgresApp(server)
{
    protected override Dictionary<string, string?> ExtraSettings => MetricsNetwork.With(base.ExtraSettings);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        MetricsNetwork.PeerFromHeader(builder);
    }
}

public sealed class MetricsTestsOnSqlite(MetricsSqliteApp app) : MetricsTests(app), IClassFixture<MetricsSqliteApp>;

public sealed class MetricsTestsOnPostgres(MetricsPostgresApp app) : MetricsTests(app), IClassFixture<MetricsPostgresApp>;

/// <summary>/metrics: our own instruments beside the framework's, for administrators and the configured network only.</summary>
public abstract class MetricsTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Uri Metrics => new("/metrics", UriKind.Relative);

    private async Task<HttpResponseMessage> ScrapeFromAsync(string peer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Metrics);
        request.Headers.Add(MetricsNetwork.PeerHeader, peer);
        return await app.CreateClient().SendAsync(request, Ct);
    }

    [Fact]
    public async Task Metrics_AfterABooking_ShowCareSlotsInstrumentsToAnAdministrator()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = (await app.CreatePatientsAsync(1))[0];
        await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 10));
        // A slot lookup reads the doctor's time through the caches.
        (await app.CreateClient().GetAsync(new Uri($"/api/v1/doctors/{doctor.DoctorId}/slots?appointmentTypeId={doctor.TypeId}", UriKind.Relative), Ct)).EnsureSuccessStatusCode();
        var admin = await app.CreateApiUserAsync(Roles.Admin, multiFactor: true);

        var response = await admin.Client.GetAsync(Metrics, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("careslot_appointments_booked", text, StringComparison.Ordinal);
        Assert.Contains("actor=\"patient\"", text, StringComparison.Ordinal);
        Assert.Contains("careslot_outbox_backlog", text, StringComparison.Ordinal);
        Assert.Contains("careslot_outbox_oldest_age", text, StringComparison.Ordinal);
        Assert.Contains("careslot_doctor_time_cache_", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("192.0.2.10")]
    [InlineData("10.2.0.1")]
    public async Task Metrics_AnonymousOutsideTheNetwork_Is404(string peer)
    {
        Assert.Equal(HttpStatusCode.NotFound, (await ScrapeFromAsync(peer)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync(Metrics, Ct)).StatusCode);
    }

    [Theory]
    [InlineData(Roles.Patient, true)]
    [InlineData(Roles.Doctor, true)]
    [InlineData(Roles.Admin, false)]
    public async Task Metrics_SignedInButNoAdministratorWithSecondFactor_Is404(string role, bool multiFactor)
    {
        var user = await app.CreateApiUserAsync(role, multiFactor);

        Assert.Equal(HttpStatusCode.NotFound, (await user.Client.GetAsync(Metrics, Ct)).StatusCode);
    }

    [Fact]
    public async Task Metrics_FromTheConfiguredNetwork_Is200WithoutSigningIn()
    {
        var response = await ScrapeFromAsync("10.1.2.3");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("careslot_outbox_backlog", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
