using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Operations.Backups;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Platform.Security.Encryption;

namespace CareSlot.Web.Platform.Operations;

/// <summary>
/// Operator verbs, run instead of the web server:
/// `dotnet run --project src/CareSlot.Web -- migrate`, `... -- create-admin --email X` (password on standard input) and
/// `... -- rotate-keys [--batch-size N]` (re-seal health information under the current key),
/// `... -- verify-audit [--anchor HEADS]`, `... -- backup [--to FOLDER]`, `... -- restore --from FILE`
/// and `... -- fingerprint` (every table's rows and content hash, for a restore drill).
/// </summary>
public static class CommandLine
{
    /// <summary>Runs the verb named by the first argument, if any, and returns whether one ran.</summary>
    public static async Task<bool> TryRunCommandAsync(this WebApplication app, string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "migrate":
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(CancellationToken.None);
                }
                await Console.Out.WriteLineAsync("Database is up to date.");
                return true;
            case "create-admin":
                Environment.ExitCode = await CreateAdminAsync(app, args);
                return true;
            case "rotate-keys":
                Environment.ExitCode = await RotateKeysAsync(app, args);
                return true;
            case BackupCommand.BackupVerb:
                Environment.ExitCode = await BackupCommand.BackUpAsync(app.Services, args, Console.Out, CancellationToken.None);
                return true;
            case BackupCommand.RestoreVerb:
                Environment.ExitCode = await BackupCommand.RestoreAsync(app.Services, args, Console.Out, CancellationToken.None);
                return true;
            case BackupCommand.FingerprintVerb:
                Environment.ExitCode = await BackupCommand.FingerprintAsync(app.Services, Console.Out, CancellationToken.None);
                return true;
            case AuditCommand.Verb:
                Environment.ExitCode = await AuditCommand.RunAsync(app.Services, args, Console.Out, Console.Error);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Ctrl+C stops it between batches; running it again goes on.</summary>
    private static async Task<int> RotateKeysAsync(WebApplication app, string[] args)
    {
        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return await RotateKeysCommand.RunAsync(app.Services, args, Console.Out, stop.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static async Task<int> CreateAdminAsync(WebApplication app, string[] args)
    {
        var emailIndex = Array.IndexOf(args, "--email");
        var email = emailIndex >= 0 && emailIndex + 1 < args.Length ? args[emailIndex + 1] : null;
        if (string.IsNullOrWhiteSpace(email))
        {
            await Console.Error.WriteLineAsync("Usage: create-admin --email ADDRESS   (the password is read from standard input)");
            return 2;
        }
        if (!Console.IsInputRedirected) await Console.Out.WriteAsync("Password (at least 10 characters): ");
        var password = await Console.In.ReadLineAsync() ?? "";

        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(CancellationToken.None);
        var result = await scope.ServiceProvider.GetRequiredService<CreateAdministrator>().HandleAsync(email, password);
        if (result.Count > 0)
        {
            foreach (var error in result) await Console.Error.WriteLineAsync(error);
            return 1;
        }
        await Console.Out.WriteLineAsync($"Administrator {email.Trim()} created. Set up two-factor authentication at the first sign-in.");
        return 0;
    }
}
