using Azure.Core;
using Azure.Identity;

namespace AiObsStream.LogAnalytics.Internal;

/// <summary>Bearer tokens for the ingestion endpoint: a static token, or a cached token from a TokenCredential.</summary>
/// <remarks>Called by the single sender loop only; tokens are refreshed five minutes before they expire.</remarks>
internal sealed class AccessTokenSource
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private readonly string? _static;
    private readonly TokenCredential? _credential;
    private readonly TokenRequestContext _context;
    private AccessToken _cached;

    public AccessTokenSource(LogAnalyticsOptions options)
    {
        _static = string.IsNullOrEmpty(options.StaticToken) ? null : options.StaticToken;
        if (_static is null)
        {
            _credential = options.Credential ?? new DefaultAzureCredential();
            _context = new TokenRequestContext([options.Scope]);
        }
    }

    /// <summary>"static token" or the credential type, for messages.</summary>
    public string Describe => _static is not null ? "static token (" + LogAnalyticsOptions.TokenEnvironmentVariable + ")" : _credential!.GetType().Name;

    public async ValueTask<string> GetTokenAsync(CancellationToken ct)
    {
        if (_static is not null)
        {
            return _static;
        }

        if (_cached.Token is null || _cached.ExpiresOn - RefreshMargin <= DateTimeOffset.UtcNow)
        {
            _cached = await _credential!.GetTokenAsync(_context, ct).ConfigureAwait(false);
        }

        return _cached.Token;
    }
}
