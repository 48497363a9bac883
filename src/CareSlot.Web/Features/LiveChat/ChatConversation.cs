using CareSlot.Web.Platform.Security.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace CareSlot.Web.Features.LiveChat;

/// <summary>waiting (in the queue) → active (an agent holds it) → closed; a waiting chat may close without an agent.</summary>
public enum ChatStatus
{
    Waiting,
    Active,
    Closed,
}

/// <summary>
/// A live chat between a customer (an account, or a visitor bound by the hash of a random key in an HttpOnly cookie) and
/// one support agent. The row holds the routing state only — status, agent, when it was queued — so that any instance can
/// route it after a restart; the words live in <see cref="ChatMessage"/>s, sealed.
/// </summary>
public sealed class ChatConversation
{
    public const int NameMaxLength = 200;
    public const int EmailMaxLength = 256;

    /// <summary>A number, so the queue's order is the order of arrival also for chats queued in the same instant.</summary>
    public long Id { get; private set; }

    public ChatStatus Status { get; private set; }

    /// <summary>The signed-in customer; null for a visitor.</summary>
    public Guid? CustomerId { get; private set; }

    /// <summary>A visitor's key (from their cookie) as its SHA-256: the key itself is only in their browser.</summary>
    public string? VisitorKeyHash { get; private set; }

    public string CustomerName { get; private set; } = "";
    public string CustomerEmail { get; private set; } = "";
    public string Language { get; private set; } = "en";
    public Guid? AgentId { get; private set; }
    public Instant QueuedAt { get; private set; }
    public Instant? AssignedAt { get; private set; }
    public Instant? ClosedAt { get; private set; }

    /// <summary>Up to when the customer has read the agent's messages ("read" on the agent's side).</summary>
    public Instant? CustomerReadAt { get; private set; }

    /// <summary>Up to when the agent has read the customer's messages ("read" on the customer's side).</summary>
    public Instant? AgentReadAt { get; private set; }

    private ChatConversation() { } // for EF Core

    public ChatConversation(Guid? customerId, string? visitorKeyHash, string customerName, string customerEmail, string language, Instant now)
    {
        CustomerId = customerId;
        VisitorKeyHash = visitorKeyHash;
        CustomerName = customerName;
        CustomerEmail = customerEmail;
        Language = language;
        Status = ChatStatus.Waiting;
        QueuedAt = now;
    }
}

public sealed class ChatConversationConfiguration : IEntityTypeConfiguration<ChatConversation>
{
    public void Configure(EntityTypeBuilder<ChatConversation> builder)
    {
        builder.ToTable("ChatConversations");
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.VisitorKeyHash).HasMaxLength(64);
        builder.Property(c => c.CustomerName).HasMaxLength(ChatConversation.NameMaxLength);
        builder.Property(c => c.CustomerEmail).HasMaxLength(ChatConversation.EmailMaxLength);
        builder.Property(c => c.Language).HasMaxLength(16);
        builder.HasOne<Accounts.Account>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Accounts.Account>().WithMany().HasForeignKey(c => c.AgentId).OnDelete(DeleteBehavior.SetNull);
        // The queue (waiting, oldest first) and each agent's load; a customer's own chats.
        builder.HasIndex(c => new { c.Status, c.QueuedAt });
        builder.HasIndex(c => new { c.AgentId, c.Status });
        builder.HasIndex(c => c.CustomerId);
        builder.HasIndex(c => c.VisitorKeyHash);
    }
}

/// <summary>One line of a chat, its words sealed under (Id, "SealedBody") like a help request's posts.</summary>
public sealed class ChatMessage
{
    public const int BodyMaxLength = 2000;

    public Guid Id { get; private set; }
    public long ConversationId { get; private set; }
    public bool FromAgent { get; private set; }

    /// <summary>The account that wrote it; null for a visitor.</summary>
    public Guid? AuthorId { get; private set; }

    public Instant At { get; private set; }
    public string SealedBody { get; private set; } = "";

    private ChatMessage() { } // for EF Core

    public ChatMessage(Guid id, long conversationId, bool fromAgent, Guid? authorId, Instant at, string sealedBody)
    {
        Id = id;
        ConversationId = conversationId;
        FromAgent = fromAgent;
        AuthorId = authorId;
        At = at;
        SealedBody = sealedBody;
    }
}

public sealed class ChatMessageConfiguration : IEntityTypeConfiguration<ChatMessage>
{
    public void Configure(EntityTypeBuilder<ChatMessage> builder)
    {
        builder.ToTable("ChatMessages");
        builder.Property(m => m.SealedBody).HasMaxLength(FieldProtector.SealedLength(ChatMessage.BodyMaxLength));
        builder.HasOne<ChatConversation>().WithMany().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Accounts.Account>().WithMany().HasForeignKey(m => m.AuthorId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(m => new { m.ConversationId, m.At });
    }
}

/// <summary>
/// A support agent's presence: available or away, when an instance last heard from them, and how many chats they hold.
/// The count is kept here, not counted, so that taking a chat is one conditional update ("below the cap") that two
/// instances cannot both pass.
/// </summary>
public sealed class ChatAgent
{
    public Guid AgentId { get; private set; }
    public bool Available { get; private set; }
    public Instant LastSeenAt { get; private set; }
    public int ActiveChats { get; private set; }

    private ChatAgent() { } // for EF Core

    public ChatAgent(Guid agentId, bool available, Instant now)
    {
        AgentId = agentId;
        Available = available;
        LastSeenAt = now;
    }
}

public sealed class ChatAgentConfiguration : IEntityTypeConfiguration<ChatAgent>
{
    public void Configure(EntityTypeBuilder<ChatAgent> builder)
    {
        builder.ToTable("ChatAgents");
        builder.HasKey(a => a.AgentId);
        builder.HasOne<Accounts.Account>().WithMany().HasForeignKey(a => a.AgentId).OnDelete(DeleteBehavior.Cascade);
    }
}
