using System.Net.Sockets;
using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Errors;

namespace AwsAssumeRole.Core.Sts;

/// <summary>
/// The STS calls through the official AWS SDK for .NET. One client per call, built explicitly
/// from the hop's credentials and the resolved endpoint (no SDK path that creates clients by
/// reflection: those fail under Native AOT).
/// </summary>
public sealed class SdkStsGateway(StsEndpoint endpoint, IChainLog? debug = null) : IStsGateway
{
    /// <summary>How long one HTTP attempt may take before it counts as a timeout.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

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
        var request = new AssumeRoleRequest
        {
            RoleArn = call.RoleArn,
            RoleSessionName = call.SessionName,
            DurationSeconds = call.DurationSeconds,
            ExternalId = call.ExternalId,
        };
        AddSessionParameters(request, call);
        debug?.Debug($"AssumeRole {call.RoleArn} session {call.SessionName} for {call.DurationSeconds}s{DescribeSessionParameters(call)} at {endpoint.Describe()} with key {credentials.MaskedAccessKeyId}");
        var response = await Call(() => client.AssumeRoleAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
        var issued = response.Credentials ?? throw new StsException("InvalidResponse", "AssumeRole returned no credentials", unreachable: false);
        return new AssumedRole(
            new AwsCredentials(
                issued.AccessKeyId,
                issued.SecretAccessKey,
                issued.SessionToken,
                issued.Expiration is { } expiration ? new DateTimeOffset(DateTime.SpecifyKind(expiration.ToUniversalTime(), DateTimeKind.Utc)) : null),
            response.AssumedRoleUser?.Arn ?? string.Empty,
            response.AssumedRoleUser?.AssumedRoleId ?? string.Empty);
    }

    // The SDK sends a collection only when it is set: leave empty ones null.
    private static void AddSessionParameters(AssumeRoleRequest request, AssumeRoleCall call)
    {
        request.SerialNumber = call.SerialNumber;
        request.TokenCode = call.TokenCode;
        request.SourceIdentity = call.SourceIdentity;
        request.Policy = call.Policy;
        if (!call.Tags.IsEmpty)
        {
            request.Tags = call.Tags.Tags.Select(t => new Tag { Key = t.Key, Value = t.Value }).ToList();
        }

        if (call.Tags.TransitiveKeys.Count > 0)
        {
            request.TransitiveTagKeys = [.. call.Tags.TransitiveKeys];
        }

        if (call.PolicyArns.Count > 0)
        {
            request.PolicyArns = call.PolicyArns.Select(arn => new PolicyDescriptorType { Arn = arn }).ToList();
        }
    }

    // For --debug: what the call carries, never the MFA code.
    private static string DescribeSessionParameters(AssumeRoleCall call)
    {
        var parts = new List<string>();
        if (call.SerialNumber is not null)
        {
            parts.Add($"MFA {call.SerialNumber}");
        }

        if (call.SourceIdentity is not null)
        {
            parts.Add($"source identity {call.SourceIdentity}");
        }

        if (!call.Tags.IsEmpty)
        {
            parts.Add($"{call.Tags.Tags.Count} tag(s), {call.Tags.TransitiveKeys.Count} transitive");
        }

        if (call.Policy is not null || call.PolicyArns.Count > 0)
        {
            parts.Add($"session policy{(call.Policy is null ? string.Empty : " (inline)")}{(call.PolicyArns.Count > 0 ? $" + {call.PolicyArns.Count} ARN(s)" : string.Empty)}");
        }

        return parts.Count == 0 ? string.Empty : ", " + string.Join(", ", parts);
    }

    /// <summary>The client configuration for <paramref name="endpoint"/>: where calls go, how they are signed, timeouts.</summary>
    public static AmazonSecurityTokenServiceConfig ConfigFor(StsEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var config = new AmazonSecurityTokenServiceConfig
        {
            Timeout = AttemptTimeout,
            MaxErrorRetry = 2,
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
        var config = ConfigFor(endpoint);
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
        catch (AmazonServiceException e) when (!string.IsNullOrEmpty(e.ErrorCode))
        {
            throw new StsException(e.ErrorCode, Messages.OneLine(e.Message), unreachable: false, e);
        }
        catch (Exception e) when (IsNetworkFailure(e))
        {
            throw new StsException("EndpointUnreachable", $"could not reach {endpoint.Describe()}: {Messages.OneLine(Innermost(e).Message)}", unreachable: true, e);
        }
        catch (AmazonClientException e)
        {
            throw new StsException("ClientError", Messages.OneLine(e.Message), unreachable: false, e);
        }
    }

    private static bool IsNetworkFailure(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            if (current is HttpRequestException or SocketException or IOException or TimeoutException or TaskCanceledException)
            {
                return true;
            }
        }

        return false;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
