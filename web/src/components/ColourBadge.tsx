import { colourWord } from '../i18n';

/** A coloured chip that always names the colour in words too. */
export function ColourBadge({ colour }: { colour?: string }) {
  const shape = colour === 'green' ? '●' : colour === 'yellow' ? '▲' : colour === 'red' ? '■' : '?';
  return (
    <span class={`badge badge-${colour ?? 'unknown'}`}>
      <span aria-hidden="true">{shape} </span>
      {colourWord(colour)}
    </span>
  );
}

