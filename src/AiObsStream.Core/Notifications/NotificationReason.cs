namespace AiObsStream.Core.Notifications;

/// <summary>Why a group was notified.</summary>
public enum NotificationReason
{
    /// <summary>The group's first notification, after <c>group_wait</c>.</summary>
    Initial = 0,

    /// <summary>The group's alerts changed (new, resolved, escalated, unsilenced or uninhibited), sent on a <c>group_interval</c> tick.</summary>
    Update = 1,

    /// <summary>Nothing changed but alerts still fire and <c>repeat_interval</c> has passed since the last notification.</summary>
    Repeat = 2,
}
