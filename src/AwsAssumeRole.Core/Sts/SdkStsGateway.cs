using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Parameters;

namespace AwsAssumeRole.Core.Sts;

/// <summary>
/// The STS calls through the official AWS SDK for .NET. One client per call, built explicitly
/// from the hop's credentials and the resolved endpoint (no SDK path that creates clients by
/// reflection: those fail under Native AOT). Every request goes through <paramref name="transport"/>,
/// which bounds time and size and refuses redirects; failures come back in the tool's words
/// (<see cref="StsFailures"/>).
/// </summary>
public sealed class SdkStsGateway(StsEndpoint endpoint, StsTransport transport, IChainLog? debug = null) : IStsGateway
{
    /// <inheritdoc />
    public async Task<CallerIdentity> GetCallerIdentityAsync(AwsCredentials credentials, CancellationToken cancellationToken)
    {
        using var client = CreateClient(credentials);
        debug?.Debug($"GetCallerIdentity at {endpoint.Describe()} with key {credentials.MaskedAccessKeyId}");
        var response = await Call(() => client.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken), cancellationToken).ConfigureAwait(false);
        return new CallerIdentity(response.UserId ?? string.Empty, response.Account ?? string.Empty, response.Arn ?? string.Empty);
    }

    /// <inheritdoc />
    public async Task<AssumedRole> AssumeRoleAsync(AwsCredentials credentials, AssumeRoleCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        using var client = CreateClient(credentials);
        var request = Request(call);
        debug?.Debug($"AssumeRole {call.Role} session {call.SessionName} for {call.DurationSeconds}s{Describe(call.Parameters)} at {endpoint.Describe()} with key {credentials.MaskedAccessKeyId}");
        var response = await Call(() => client.AssumeRoleAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
        var issued = response.Credentials ?? throw new StsException("InvalidResponse", "AssumeRole returned no credentials", unreachable: false);
        return new AssumedRole(
            new AwsCredentials(
                issued.AccessKeyId,
                issued.SecretAccessKey,
                issued.SessionToken,
                issued.Expiration is { } expiration ? new DateTimeOffset(DateTime.SpecifyKind(expiration.ToUniversalTime(), DateTimeKind.Utc)) : null),
            response.AssumedRoleUser?.Arn ?? string.Empty);
    }

    /// <summary>
    /// The SDK request for <paramref name="call"/>: every <see cref="HopParameters"/> field that STS
    /// takes. The SDK sends a collection only when it is set, so empty ones stay null.
    /// </summary>
    internal static AssumeRoleRequest Request(AssumeRoleCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var parameters = call.Parameters;
        var request = new AssumeRoleRequest
        {
            RoleArn = call.Role.ToString(),
            RoleSessionName = call.SessionName,
            DurationSeconds = call.DurationSeconds,
            ExternalId = parameters.ExternalId,
            SerialNumber = parameters.MfaSerial,
            TokenCode = call.TokenCode,
            SourceIdentity = parameters.SourceIdentity,
            Policy = parameters.Policy,
        };
        if (!parameters.Tags.IsEmpty)
        {
            request.Tags = parameters.Tags.Tags.Select(t => new Tag { Key = t.Key, Value = t.Value }).ToList();
        }

        if (parameters.Tags.TransitiveKeys.Count > 0)
        {
            request.TransitiveTagKeys = [.. parameters.Tags.TransitiveKeys];
        }

        if (parameters.PolicyArns.Count > 0)
        {
            request.PolicyArns = parameters.PolicyArns.Select(arn => new PolicyDescriptorType { Arn = arn }).ToList();
        }

        return request;
    }

    // For --debug: what the call carries, never the MFA code.
    private static string Describe(HopParameters parameters)
    {
        var parts = new List<string>();
        if (parameters.ExternalId is not null)
        {
            parts.Add("external ID");
        }

        if (parameters.MfaSerial is not null)
        {
            parts.Add($"MFA {parameters.MfaSerial}");
        }

        if (parameters.SourceIdentity is not null)
        {
            parts.Add($"source identity {parameters.SourceIdentity}");
        }

        if (!parameters.Tags.IsEmpty)
        {
            parts.Add($"{parameters.Tags.Tags.Count} tag(s), {parameters.Tags.TransitiveKeys.Count} transitive");
        }

        if (parameters.Policy is not null || parameters.PolicyArns.Count > 0)
        {
            parts.Add($"session policy{(parameters.Policy is null ? string.Empty : " (inline)")}{(parameters.PolicyArns.Count > 0 ? $" + {parameters.PolicyArns.Count} ARN(s)" : string.Empty)}");
        }

        return parts.Count == 0 ? string.Empty : ", " + string.Join(", ", parts);
    }

    /// <summary>
    /// The client configuration for <paramref name="endpoint"/>: where calls go, how they are signed,
    /// the SDK's standard retry mode (3 attempts), and the HTTP client of <paramref name="transport"/>.
    /// </summary>
    public static AmazonSecurityTokenServiceConfig ConfigFor(StsEndpoint endpoint, StsTransport transport)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(transport);
        var config = new AmazonSecurityTokenServiceConfig
        {
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = 2,
            HttpClientFactory = transport.HttpClientFactory,
        };
        SdkSettings.Pin(config);

        if (endpoint.EndpointUrl is { } url)
        {
            // Setting ServiceURL alone is not enough when a region is also known (the SDK then
            // goes to the regional host): set the signing region explicitly too.
            config.ServiceURL = url.ToString();
            config.AuthenticationRegion = endpoint.SigningRegion;
        }
        else if (endpoint.UsesGlobalEndpoint)
        {
            config.ServiceURL = "https://sts.amazonaws.com";
            config.AuthenticationRegion = endpoint.SigningRegion;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(endpoint.SigningRegion);
        }

        return config;
    }

    private AmazonSecurityTokenServiceClient CreateClient(AwsCredentials credentials)
    {
        var config = ConfigFor(endpoint, transport);
        AWSCredentials sdkCredentials = credentials.IsTemporary
            ? new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken)
            : new BasicAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey);
        return new AmazonSecurityTokenServiceClient(sdkCredentials, config);
    }

    private async Task<T> Call<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Interrupted (Ctrl+C), not unreachable: the caller reports it as such.
            throw;
        }
        catch (Exception e)
        {
            throw StsFailures.Explain(e, endpoint, transport);
        }
    }
}
