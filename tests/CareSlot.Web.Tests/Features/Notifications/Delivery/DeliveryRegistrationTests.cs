using CareSlot.Web.Features.Notifications;
using CareSlot.Web.Features.Notifications.Delivery;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Tests.Features.Notifications.Delivery;

/// <summary>The delivery services exactly as <see cref="NotificationsRegistration.AddDelivery"/> registers them, without the rest of the app.</summary>
internal static class DeliveryHost
{
    public static IHost Build(IEnumerable<KeyValuePair<string, string?>> settings, TimeProvider? time = null, string? contentRoot = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = "Testing",
            ContentRootPath = contentRoot ?? Path.GetTempPath(),
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(time ?? TimeProvider.System);
        builder.AddDelivery();
        return builder.Build();
    }
}

public sealed class DeliveryRegistrationTests
{
    [Fact]
    public void AddDelivery_NothingConfigured_UsesTheDevelopmentMailbox()
    {
        using var host = DeliveryHost.Build([]);

        Assert.IsType<MailboxEmailTransport>(host.Services.GetRequiredService<IEmailTransport>());
        Assert.IsType<MailboxSmsTransport>(host.Services.GetRequiredService<ISmsTransport>());
        Assert.Equal(Path.GetFullPath("data/mailbox", Path.GetTempPath()), host.Services.GetRequiredService<DevelopmentMailbox>().DirectoryPath);
    }

    [Fact]
    public void AddDelivery_SmtpHostAndGatewayUrlSet_UsesSmtpAndTheGateway()
    {
        using var host = DeliveryHost.Build(new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "smtp.example.org",
            ["Sms:Gateway:BaseUrl"] = "https://sms.example.org/2010-04-01",
            ["Sms:Gateway:AccountId"] = "AC1",
            ["Sms:Gateway:AuthToken"] = "token",
            ["Sms:Gateway:From"] = "+15005550006",
        });

        Assert.IsType<SmtpEmailTransport>(host.Services.GetRequiredService<IEmailTransport>());
        Assert.IsType<HttpSmsGatewayTransport>(host.Services.GetRequiredService<ISmsTransport>());
        var smtp = host.Services.GetRequiredService<IOptions<SmtpOptions>>().Value;
        Assert.Equal(587, smtp.Port);
        Assert.Equal(SmtpSecurity.StartTls, smtp.Security);
        Assert.Equal(10, host.Services.GetRequiredService<IOptions<SmsGatewayOptions>>().Value.TimeoutSeconds);
    }

    [Theory]
    [InlineData("Sms:Gateway:AuthToken", "", "AuthToken")]
    [InlineData("Sms:Gateway:BaseUrl", "not a url", "BaseUrl")]
    [InlineData("Email:Smtp:Port", "0", "Port")]
    [InlineData("Email:From", "nobody", "Email:From")]
    public async Task Start_InvalidSetting_FailsNamingIt(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "smtp.example.org",
            ["Sms:Gateway:BaseUrl"] = "https://sms.example.org/2010-04-01",
            ["Sms:Gateway:AccountId"] = "AC1",
            ["Sms:Gateway:AuthToken"] = "token",
            ["Sms:Gateway:From"] = "+15005550006",
            [key] = value,
        };
        using var host = DeliveryHost.Build(settings);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
