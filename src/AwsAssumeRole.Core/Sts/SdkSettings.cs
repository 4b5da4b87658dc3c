using Amazon;
using Amazon.Runtime;

namespace AwsAssumeRole.Core.Sts;

/// <summary>
/// Keeps the AWS SDK from reading the world behind the tool's back. Left alone, an SDK client looks
/// up its settings itself the first time it is used: in the environment, and in the AWS config and
/// credentials files (the profile of <c>AWS_PROFILE</c>, falling back to <c>~/.aws</c> when
/// <c>AWS_CONFIG_FILE</c> names a missing file), with its own INI reader, which refuses files the
/// AWS CLI accepts (<c>[profile c] # prod</c>, <c>key: value</c>). The tool reads those files and
/// resolves endpoint, region and credentials itself, so every such setting is given here, and
/// client-side monitoring (a process-wide SDK setting, read from the same places) is switched off.
/// </summary>
public static class SdkSettings
{
    private static readonly Lock Gate = new();
    private static bool globalsPinned;

    /// <summary>Gives <paramref name="config"/> every setting the SDK would otherwise look up, and pins the SDK's process-wide ones.</summary>
    public static void Pin(ClientConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        PinGlobals();
        config.DefaultConfigurationMode = DefaultConfigurationMode.Standard;
        config.RetryMode = RequestRetryMode.Standard;
        config.IgnoreConfiguredEndpointUrls = true;
        config.UseFIPSEndpoint = false;
        config.UseDualstackEndpoint = false;
        config.EndpointDiscoveryEnabled = false;
        config.DisableRequestCompression = false;
        config.RequestMinCompressionSizeBytes = 10240;
        config.AccountIdEndpointMode = AccountIdEndpointMode.DISABLED;
        config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_SUPPORTED;
        config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_SUPPORTED;
        config.AuthSchemePreference = ["sigv4"];
        config.ClientAppId = "aws-assume-role";
        config.DisableClockSkewCorrection = false;
    }

    // Must happen before the first client is built: the SDK reads its monitoring settings once.
    private static void PinGlobals()
    {
        lock (Gate)
        {
            if (!globalsPinned)
            {
                AWSConfigs.CSMConfig.CSMEnabled = false;
                globalsPinned = true;
            }
        }
    }
}
