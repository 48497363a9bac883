using Microsoft.Extensions.Options;

namespace CareSlot.Web.Platform.Security.Encryption;

public static class FieldEncryptionExtensions
{
    /// <summary>
    /// The key ring from <c>Security:PhiKeys</c> (checked at start: outside Development the app refuses to start without
    /// a usable key), the protector, the registry of encrypted columns, rotation, and the start-up sealing of plaintext.
    /// </summary>
    public static IServiceCollection AddFieldEncryption(this IServiceCollection services)
    {
        services.AddOptions<PhiKeysOptions>().BindConfiguration(PhiKeysOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PhiKeysOptions>, PhiKeysValidation>();
        services.AddSingleton(provider => PhiKeySources.Load(provider.GetRequiredService<IOptions<PhiKeysOptions>>().Value,
            provider.GetRequiredService<IConfiguration>(), provider.GetRequiredService<IHostEnvironment>(),
            provider.GetRequiredService<ILogger<PhiKeyRing>>()));
        services.AddSingleton<FieldProtector>();
        services.AddSingleton<EncryptedColumns>();
        services.AddScoped<PhiRotation>();
        services.AddSingleton<PlaintextSealing>();
        services.AddHostedService(provider => provider.GetRequiredService<PlaintextSealing>());
        return services;
    }

    private sealed class PhiKeysValidation(IConfiguration configuration, IHostEnvironment environment) : IValidateOptions<PhiKeysOptions>
    {
        public ValidateOptionsResult Validate(string? name, PhiKeysOptions options) =>
            PhiKeySources.Problems(PhiKeySources.Read(options, configuration, environment), environment) is { Count: > 0 } problems
                ? ValidateOptionsResult.Fail(problems)
                : ValidateOptionsResult.Success;
    }
}
