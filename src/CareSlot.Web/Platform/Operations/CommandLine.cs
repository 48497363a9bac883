using CareSlot.Web.Platform.Data;

namespace CareSlot.Web.Platform.Operations;

/// <summary>Operator verbs: `dotnet run --project src/CareSlot.Web -- migrate`.</summary>
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
            default:
                return false;
        }
    }
}
