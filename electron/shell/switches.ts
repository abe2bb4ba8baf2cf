/**
 * Chromium switches the app needs, applied before `ready`.
 *
 * WebGPU on Linux is still behind flags in Chromium, and Electron does not
 * even turn the Vulkan feature on by default there:
 * - gpuweb wiki "Implementation Status" (github.com/gpuweb/gpuweb/wiki/Implementation-Status):
 *   Linux needs `--enable-unsafe-webgpu ... --use-angle=vulkan --enable-features=Vulkan,VulkanFromANGLE`.
 * - gpuweb/gpuweb#5022: on current Chrome for Linux `--enable-features=Vulkan,VulkanFromANGLE,DefaultANGLEVulkan`
 *   is needed (DefaultANGLEVulkan makes ANGLE pick Vulkan, like `--use-angle=vulkan`).
 * - electron/electron#40929: the Vulkan feature is disabled by default in Electron on Linux, unlike Chrome.
 * - electron/electron#41763: appending `enable-features` twice keeps only one value, so every feature
 *   goes into one merged switch (together with any the user passed on the command line).
 * `--ozone-platform=x11` from the wiki is left out on purpose: forcing X11 would break Wayland-only desktops.
 */

/** Features enabled on Linux for WebGPU over Vulkan. */
export const LINUX_WEBGPU_FEATURES = ['Vulkan', 'VulkanFromANGLE', 'DefaultANGLEVulkan'] as const;

/** One `app.commandLine.appendSwitch` call. */
export interface Switch {
  readonly name: string;
  readonly value?: string;
}

/** The switches for `platform`; `existingFeatures` is the `enable-features` value already on the command line. */
export function chromiumSwitches(platform: NodeJS.Platform, existingFeatures = ''): Switch[] {
  if (platform !== 'linux') return [];
  const features = existingFeatures.split(',').map((it) => it.trim()).filter((it) => it.length > 0);
  for (const feature of LINUX_WEBGPU_FEATURES) if (!features.includes(feature)) features.push(feature);
  return [{ name: 'enable-unsafe-webgpu' }, { name: 'enable-features', value: features.join(',') }];
}
