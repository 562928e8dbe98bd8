/**
 * The industrial goods the simulated company sells. A product is one family in one size (and,
 * once the plain sizes run out, one variant); its name reads like a catalogue entry:
 * "Hydraulic pump HP-20". Prices are list prices in EUR for the smallest and largest size.
 */
export interface ProductFamily {
  name: string
  code: string
  uom: string
  sizes: readonly string[]
  priceRange: readonly [number, number]
}

export interface ProductCategory {
  category: string
  families: readonly ProductFamily[]
}

export const PRODUCT_CATALOG: readonly ProductCategory[] = [
  {
    category: 'Pumps',
    families: [
      { name: 'Hydraulic pump', code: 'HP', uom: 'PCE', sizes: ['10', '16', '20', '25', '32', '40', '50', '63', '80', '100'], priceRange: [250, 4800] },
      { name: 'Centrifugal pump', code: 'CP', uom: 'PCE', sizes: ['32', '40', '50', '65', '80', '100', '125', '150'], priceRange: [380, 9500] },
      { name: 'Gear pump', code: 'GP', uom: 'PCE', sizes: ['4', '6', '8', '11', '16', '22', '32'], priceRange: [120, 1400] },
      { name: 'Diaphragm pump', code: 'DP', uom: 'PCE', sizes: ['10', '15', '25', '40', '50'], priceRange: [450, 3900] },
      { name: 'Submersible pump', code: 'SP', uom: 'PCE', sizes: ['5', '8', '12', '20', '30'], priceRange: [300, 5200] },
    ],
  },
  {
    category: 'Valves',
    families: [
      { name: 'Ball valve', code: 'BV', uom: 'PCE', sizes: ['DN15', 'DN20', 'DN25', 'DN32', 'DN40', 'DN50', 'DN65', 'DN80', 'DN100'], priceRange: [18, 640] },
      { name: 'Gate valve', code: 'GV', uom: 'PCE', sizes: ['DN50', 'DN65', 'DN80', 'DN100', 'DN125', 'DN150', 'DN200', 'DN250', 'DN300'], priceRange: [120, 2900] },
      { name: 'Check valve', code: 'CV', uom: 'PCE', sizes: ['DN15', 'DN20', 'DN25', 'DN40', 'DN50', 'DN80', 'DN100'], priceRange: [25, 520] },
      { name: 'Solenoid valve', code: 'SV', uom: 'PCE', sizes: ['G1/4', 'G3/8', 'G1/2', 'G3/4', 'G1'], priceRange: [45, 380] },
      { name: 'Butterfly valve', code: 'BFV', uom: 'PCE', sizes: ['DN50', 'DN80', 'DN100', 'DN150', 'DN200', 'DN300'], priceRange: [90, 1800] },
      { name: 'Pressure relief valve', code: 'PRV', uom: 'PCE', sizes: ['6', '10', '16', '25', '40'], priceRange: [60, 720] },
    ],
  },
  {
    category: 'Bearings',
    families: [
      { name: 'Deep groove ball bearing', code: '62', uom: 'PCE', sizes: ['01', '02', '03', '04', '05', '06', '08', '10', '12'], priceRange: [4, 85] },
      { name: 'Tapered roller bearing', code: 'TRB', uom: 'PCE', sizes: ['20', '25', '30', '35', '40', '50', '60'], priceRange: [18, 240] },
      { name: 'Spherical roller bearing', code: 'SRB', uom: 'PCE', sizes: ['40', '50', '60', '80', '100', '120'], priceRange: [60, 1200] },
      { name: 'Pillow block unit', code: 'UCP', uom: 'PCE', sizes: ['204', '205', '206', '207', '208', '210', '212'], priceRange: [22, 160] },
      { name: 'Linear guide rail', code: 'LGR', uom: 'PCE', sizes: ['15', '20', '25', '30', '35', '45'], priceRange: [80, 690] },
    ],
  },
  {
    category: 'Drives',
    families: [
      { name: 'Three-phase motor', code: 'TM', uom: 'PCE', sizes: ['075', '110', '150', '220', '300', '400', '550', '750', '1100', '1500', '2200'], priceRange: [140, 3800] },
      { name: 'Servo motor', code: 'SM', uom: 'PCE', sizes: ['1', '2', '4', '6', '9', '13'], priceRange: [480, 3200] },
      { name: 'Helical gearbox', code: 'HG', uom: 'PCE', sizes: ['17', '27', '37', '47', '57', '67', '77', '87'], priceRange: [320, 4200] },
      { name: 'Worm gearbox', code: 'WG', uom: 'PCE', sizes: ['30', '40', '50', '63', '75', '90', '110'], priceRange: [140, 1400] },
      { name: 'Frequency inverter', code: 'FI', uom: 'PCE', sizes: ['075', '150', '220', '400', '750', '1100', '2200'], priceRange: [210, 3600] },
    ],
  },
  {
    category: 'Sensors',
    families: [
      { name: 'Inductive proximity sensor', code: 'IPS', uom: 'PCE', sizes: ['M8', 'M12', 'M18', 'M30'], priceRange: [28, 95] },
      { name: 'Pressure transmitter', code: 'PT', uom: 'PCE', sizes: ['1', '10', '16', '25', '40', '100', '250', '400'], priceRange: [140, 620] },
      { name: 'Temperature sensor', code: 'PT100', uom: 'PCE', sizes: ['50', '100', '150', '250', '400'], priceRange: [45, 160] },
      { name: 'Photoelectric sensor', code: 'PES', uom: 'PCE', sizes: ['10', '40', '200', '500'], priceRange: [60, 230] },
      { name: 'Flow meter', code: 'FM', uom: 'PCE', sizes: ['DN15', 'DN25', 'DN40', 'DN50', 'DN80', 'DN100'], priceRange: [480, 2900] },
    ],
  },
  {
    category: 'Pneumatics',
    families: [
      { name: 'Pneumatic cylinder', code: 'PC', uom: 'PCE', sizes: ['32', '40', '50', '63', '80', '100', '125'], priceRange: [65, 540] },
      { name: 'Air preparation unit', code: 'APU', uom: 'PCE', sizes: ['G1/4', 'G3/8', 'G1/2', 'G3/4', 'G1'], priceRange: [85, 420] },
      { name: 'Valve terminal', code: 'VT', uom: 'PCE', sizes: ['4', '8', '12', '16', '24'], priceRange: [320, 1850] },
      { name: 'Screw compressor', code: 'SC', uom: 'PCE', sizes: ['4', '5.5', '7.5', '11', '15', '22', '37'], priceRange: [3900, 21000] },
    ],
  },
  {
    category: 'Hydraulics',
    families: [
      { name: 'Hydraulic cylinder', code: 'HC', uom: 'PCE', sizes: ['40', '50', '63', '80', '100', '125', '160'], priceRange: [240, 3600] },
      { name: 'Hydraulic hose', code: 'HH', uom: 'M', sizes: ['DN06', 'DN08', 'DN10', 'DN12', 'DN16', 'DN20', 'DN25', 'DN32'], priceRange: [4.5, 38] },
      { name: 'Hydraulic accumulator', code: 'HA', uom: 'PCE', sizes: ['1', '2.5', '4', '10', '20', '32', '50'], priceRange: [180, 2400] },
      { name: 'Directional control valve', code: 'DCV', uom: 'PCE', sizes: ['NG6', 'NG10', 'NG16', 'NG25'], priceRange: [160, 1900] },
    ],
  },
  {
    category: 'Cables',
    families: [
      { name: 'Power cable', code: 'NYY', uom: 'M', sizes: ['3x1.5', '3x2.5', '5x2.5', '5x4', '5x6', '5x10', '5x16', '4x25', '4x35', '4x50', '4x95'], priceRange: [1.2, 48] },
      { name: 'Control cable', code: 'CC', uom: 'M', sizes: ['3G0.75', '4G1', '7G1', '12G1', '18G1.5', '25G1.5'], priceRange: [1.4, 14] },
      { name: 'Data cable', code: 'CAT', uom: 'M', sizes: ['5e', '6', '6A', '7'], priceRange: [0.45, 1.9] },
    ],
  },
  {
    category: 'Fasteners',
    families: [
      { name: 'Hex bolt', code: 'HB', uom: 'BOX', sizes: ['M6x20', 'M8x30', 'M10x40', 'M12x50', 'M16x60', 'M20x80', 'M24x100'], priceRange: [6, 120] },
      { name: 'Socket cap screw', code: 'SCS', uom: 'BOX', sizes: ['M4x12', 'M5x16', 'M6x20', 'M8x25', 'M10x30', 'M12x40'], priceRange: [5, 60] },
      { name: 'Hex nut', code: 'HN', uom: 'BOX', sizes: ['M6', 'M8', 'M10', 'M12', 'M16', 'M20', 'M24'], priceRange: [3, 55] },
      { name: 'Anchor bolt', code: 'AB', uom: 'BOX', sizes: ['M8', 'M10', 'M12', 'M16', 'M20'], priceRange: [18, 140] },
    ],
  },
  {
    category: 'Seals',
    families: [
      { name: 'O-ring kit', code: 'ORK', uom: 'SET', sizes: ['S', 'M', 'L', 'XL'], priceRange: [25, 140] },
      { name: 'Radial shaft seal', code: 'RSS', uom: 'PCE', sizes: ['20', '25', '30', '35', '40', '50', '60', '80', '100'], priceRange: [3, 45] },
      { name: 'Flange gasket', code: 'FG', uom: 'PCE', sizes: ['DN25', 'DN50', 'DN80', 'DN100', 'DN150', 'DN200', 'DN300'], priceRange: [4, 60] },
      { name: 'Mechanical seal', code: 'MS', uom: 'PCE', sizes: ['16', '22', '28', '35', '45', '55'], priceRange: [90, 780] },
    ],
  },
  {
    category: 'Filters',
    families: [
      { name: 'Hydraulic filter element', code: 'HFE', uom: 'PCE', sizes: ['0030', '0060', '0110', '0160', '0240', '0330', '0500'], priceRange: [24, 210] },
      { name: 'Air filter cartridge', code: 'AFC', uom: 'PCE', sizes: ['250', '400', '600', '800', '1000'], priceRange: [18, 160] },
      { name: 'Oil filter', code: 'OF', uom: 'PCE', sizes: ['76', '93', '108', '136'], priceRange: [8, 60] },
      { name: 'Compressed air filter', code: 'CAF', uom: 'PCE', sizes: ['G1/4', 'G1/2', 'G3/4', 'G1', 'G1 1/2', 'G2'], priceRange: [90, 650] },
    ],
  },
  {
    category: 'Lubricants',
    families: [
      { name: 'Hydraulic oil', code: 'HLP', uom: 'L', sizes: ['22', '32', '46', '68', '100'], priceRange: [3.2, 6.9] },
      { name: 'Gear oil', code: 'CLP', uom: 'L', sizes: ['68', '100', '150', '220', '320', '460', '680'], priceRange: [4.5, 11] },
      { name: 'Multipurpose grease', code: 'MPG', uom: 'KG', sizes: ['EP0', 'EP1', 'EP2', 'EP3'], priceRange: [8, 16] },
      { name: 'Cutting fluid', code: 'CF', uom: 'L', sizes: ['5', '8', '10'], priceRange: [4, 8] },
    ],
  },
  {
    category: 'Controls',
    families: [
      { name: 'PLC CPU module', code: 'CPU', uom: 'PCE', sizes: ['1211', '1212', '1214', '1215', '1516', '1518'], priceRange: [280, 4800] },
      { name: 'HMI touch panel', code: 'HMI', uom: 'PCE', sizes: ['4', '7', '9', '12', '15', '19', '22'], priceRange: [420, 3600] },
      { name: 'Power supply 24 V', code: 'PS', uom: 'PCE', sizes: ['2.5A', '5A', '10A', '20A', '40A'], priceRange: [60, 480] },
      { name: 'Safety relay', code: 'SR', uom: 'PCE', sizes: ['1', '2', '3', '4'], priceRange: [140, 520] },
      { name: 'Contactor', code: 'CT', uom: 'PCE', sizes: ['9', '12', '18', '25', '32', '40', '50', '65', '80', '95'], priceRange: [28, 310] },
    ],
  },
  {
    category: 'Steel & profiles',
    families: [
      { name: 'Steel sheet S235', code: 'SS', uom: 'KG', sizes: ['1', '1.5', '2', '3', '4', '5', '6', '8', '10', '12', '15', '20'], priceRange: [1.1, 1.9] },
      { name: 'Round bar C45', code: 'RB', uom: 'M', sizes: ['10', '12', '16', '20', '25', '30', '40', '50', '60', '80', '100'], priceRange: [2.2, 140] },
      { name: 'Square tube', code: 'ST', uom: 'M', sizes: ['20x20', '30x30', '40x40', '50x50', '60x60', '80x80', '100x100'], priceRange: [3.5, 38] },
      { name: 'Aluminium profile', code: 'AP', uom: 'M', sizes: ['20x20', '30x30', '40x40', '40x80', '45x90', '80x80'], priceRange: [6, 42] },
    ],
  },
  {
    category: 'Safety equipment',
    families: [
      { name: 'Safety gloves', code: 'SG', uom: 'PR', sizes: ['7', '8', '9', '10', '11'], priceRange: [3.5, 8] },
      { name: 'Safety helmet', code: 'SH', uom: 'PCE', sizes: ['STD', 'VENT', 'ELEC'], priceRange: [12, 48] },
      { name: 'Safety light curtain', code: 'SLC', uom: 'PCE', sizes: ['150', '300', '450', '600', '900', '1200', '1500'], priceRange: [690, 2900] },
      { name: 'Safety shoes S3', code: 'S3', uom: 'PR', sizes: ['38', '39', '40', '41', '42', '43', '44', '45', '46', '47'], priceRange: [69, 89] },
    ],
  },
  {
    category: 'Conveying',
    families: [
      { name: 'Conveyor belt', code: 'CB', uom: 'M', sizes: ['300', '400', '500', '650', '800', '1000', '1200'], priceRange: [24, 160] },
      { name: 'Roller conveyor module', code: 'RCM', uom: 'PCE', sizes: ['1000', '2000', '3000'], priceRange: [680, 2400] },
      { name: 'Chain hoist', code: 'CH', uom: 'PCE', sizes: ['250', '500', '1000', '2000', '3200', '5000'], priceRange: [290, 2400] },
      { name: 'Hand pallet truck', code: 'HPT', uom: 'PCE', sizes: ['2000', '2500', '3000'], priceRange: [290, 520] },
    ],
  },
]

/** Suffixes that make further distinct products once every plain family size is used. */
export const PRODUCT_VARIANTS: readonly string[] = ['', 'A', 'B', 'S', 'X', 'E', 'H', 'L', 'P', 'R', 'T', 'V']
