using System.Globalization;
using System.Net;
using System.Text;
using CareSlot.Web.Features.Notifications.Delivery;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace CareSlot.Web.Tests.Features.Notifications.Delivery;

/// <summary>Each test has its own gateway, so the requests it counts are its own.</summary>
public sealed class HttpSmsGatewayTransportTests : IAsyncLifetime
{
    private const string Code = "482913";
    private static readonly SmsMessage Message = new("+4915112345678", $"{Code} is your CareSlot verification code.");

    private FakeSmsGateway gateway = null!;
    private IHost host = null!;

    public async ValueTask InitializeAsync()
    {
        gateway = await FakeSmsGateway.StartAsync();
        host = DeliveryHost.Build(gateway.Settings());
    }

    public async ValueTask DisposeAsync()
    {
        host.Dispose();
        await gateway.DisposeAsync();
    }

    private Task SendAsync(SmsMessage message) =>
        host.Services.GetRequiredService<ISmsTransport>().SendAsync(message, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Send_Accepted_PostsTheFormWithBasicAuthToTheAccountsMessages()
    {
        await SendAsync(Message);

        var request = Assert.Single(gateway.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/2010-04-01/Accounts/AC-test/Messages.json", request.Path);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("AC-test:secret-token")), request.Authorization);
        Assert.Equal(Message.To, request.Form["To"]);
        Assert.Equal("+15005550006", request.Form["From"]);
        Assert.Equal(Message.Body, request.Form["Body"]);
        Assert.Equal(3, request.Form.Count);
    }

    [Fact]
    public async Task Send_GatewayFailsTwiceThenAccepts_DeliversOnTheThirdAttempt()
    {
        gateway.FailNext(2);

        await SendAsync(Message);

        Assert.Equal(3, gateway.Requests.Count);
        Assert.All(gateway.Requests, r => Assert.Equal(Message.Body, r.Form["Body"]));
    }

    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task Send_TransientStatusOnce_RetriesAndDelivers(HttpStatusCode status)
    {
        gateway.FailNext(1, status);

        await SendAsync(Message);

        Assert.Equal(2, gateway.Requests.Count);
    }

    [Fact]
    public async Task Send_GatewayKeepsFailing_ThrowsTransientAfterOneTryAndThreeRetries()
    {
        gateway.FailNext(10);

        var error = await Assert.ThrowsAsync<DeliveryException>(() => SendAsync(Message));

        Assert.True(error.IsTransient);
        Assert.Contains("HTTP 500", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, gateway.Requests.Count);
    }

    [Fact]
    public async Task Send_GatewayRejects400_ThrowsPermanentWithTheStatusButNotTheMessage()
    {
        gateway.FailNext(1, HttpStatusCode.BadRequest);

        var error = await Assert.ThrowsAsync<DeliveryException>(() => SendAsync(Message));

        Assert.False(error.IsTransient);
        Assert.Contains("HTTP 400", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Code, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(FakeSmsGateway.ErrorDetail, error.ToString(), StringComparison.Ordinal);
        Assert.Single(gateway.Requests);
    }

    [Fact]
    public async Task Send_WrongCredentials401_ThrowsPermanentWithoutRetrying()
    {
        gateway.FailNext(1, HttpStatusCode.Unauthorized);

        var error = await Assert.ThrowsAsync<DeliveryException>(() => SendAsync(Message));

        Assert.False(error.IsTransient);
        Assert.Single(gateway.Requests);
    }

    [Fact]
    public async Task Send_GatewayHangsOnce_TimesOutAndRetries()
    {
        gateway.StallNext(1);

        await SendAsync(Message);

        Assert.Equal(2, gateway.Requests.Count);
    }

    [Fact]
    public async Task Send_AppClockStandsStill_RetriesOnRealTime()
    {
        gateway.FailNext(1);
        using var frozen = DeliveryHost.Build(gateway.Settings(), new FakeTimeProvider());
        // Bounded, so a retry that waits on the app's clock fails this test instead of hanging the run.
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bounded.CancelAfter(TimeSpan.FromSeconds(10));

        await frozen.Services.GetRequiredService<ISmsTransport>().SendAsync(Message, bounded.Token);

        Assert.Equal(2, gateway.Requests.Count);
    }

    [Fact]
    public async Task Send_GatewayUnreachable_ThrowsTransient()
    {
        var settings = gateway.Settings();
        settings["Sms:Gateway:BaseUrl"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{SmtpSink.FreePort()}/2010-04-01");
        using var unreachable = DeliveryHost.Build(settings);

        var error = await Assert.ThrowsAsync<DeliveryException>(() =>
            unreachable.Services.GetRequiredService<ISmsTransport>().SendAsync(Message, TestContext.Current.CancellationToken));

        Assert.True(error.IsTransient);
        Assert.DoesNotContain(Code, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("015112345678")]
    [InlineData("+49 151 12345678")]
    [InlineData("+0123456789")]
    public async Task Send_NumberNotE164_ThrowsPermanentWithoutCallingTheGateway(string to)
    {
        var error = await Assert.ThrowsAsync<DeliveryException>(() => SendAsync(Message with { To = to }));

        Assert.False(error.IsTransient);
        Assert.Empty(gateway.Requests);
    }
}
