using CareSlot.Web.Features.LiveChat;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareSlot.BrowserTests;

/// <param name="ChatId">The patient's chat, ended, with lines from both sides.</param>
public sealed record ChatFixture(long ChatId, string PatientEmail, StaffLogin AgentLogin);

public static class LiveChatFixtures
{
    /// <summary>
    /// A patient's chat with an agent (an administrator with a second factor), written through the chat's own use cases
    /// and ended; the agent is away again afterwards, so no later chat is routed to them.
    /// </summary>
    public static async Task<ChatFixture> CreateChatAsync(this BrowserApp app)
    {
        var patientEmail = await app.CreatePatientAsync();
        var agentLogin = await app.CreateAdminLoginAsync();
        await app.SendAllChatAgentsAwayAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var users = services.GetRequiredService<UserManager<CareSlot.Web.Features.Accounts.Account>>();
        var patientId = (await users.Users.SingleAsync(u => u.Email == patientEmail)).Id;
        var agentId = (await users.Users.SingleAsync(u => u.Email == agentLogin.Email)).Id;
        var desk = services.GetRequiredService<ChatDesk>();
        await desk.SetAvailabilityAsync(agentId, available: true, default);
        var customer = new ChatCustomer(patientId, null);
        var started = await desk.StartAsync(customer, null, null, default);
        Assert.True(started.Chat is { Status: "active" }, started.Error);
        var chatId = started.Chat!.Id;
        Assert.Null((await desk.SendAsCustomerAsync(customer, "Hello, I cannot find my booking from yesterday.", default)).Error);
        Assert.Null((await desk.SendAsAgentAsync(agentId, chatId, "It was moved by the clinic to 10:00.\nYou find it under Appointments.", default)).Error);
        Assert.Null((await desk.SendAsCustomerAsync(customer, "Found it, thank you!", default)).Error);
        Assert.Null((await desk.EndAsAgentAsync(agentId, chatId, default)).Error);
        await desk.SetAvailabilityAsync(agentId, available: false, default);
        return new ChatFixture(chatId, patientEmail, agentLogin);
    }

    /// <summary>Every agent away: a journey's chat goes to the agent the journey signs in, not one left over from another test.</summary>
    public static async Task SendAllChatAgentsAwayAsync(this BrowserApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CareSlotDb>().ChatAgents.ExecuteUpdateAsync(s => s.SetProperty(a => a.Available, false));
    }
}
